package dev.kafkachatops.adapter.slack;

import com.slack.api.model.block.LayoutBlock;

import java.util.List;

/** An answer only the person who asked sees (ephemeral): plain text, or text with blocks ({@code blocks} null). */
record Answer(String text, List<LayoutBlock> blocks) {
    static Answer of(String text) {
        return new Answer(text, null);
    }
}
