package dev.kafkachatops.domain.ops;

/** The operations the bot plans, gets approved, schedules and runs. The letter prefixes the operation's id. */
public enum OpKind {
    REBALANCE("R", "Rebalance"),
    EXPAND("E", "Scale-out"),
    UPGRADE("U", "Upgrade"),
    /** A rolling restart. Its letter is a rebalance's too; ids stay unique (one counter for every kind). */
    RESTART("R", "Restart");

    private final String prefix;
    private final String label;

    OpKind(String prefix, String label) {
        this.prefix = prefix;
        this.label = label;
    }

    public String prefix() {
        return prefix;
    }

    public String label() {
        return label;
    }
}
