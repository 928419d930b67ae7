/* Slack simulator channel page: vanilla JS, no build step. All message content goes through textContent. */
(function () {
  'use strict';

  var EMOJI = {
    white_check_mark: '\u2705', heavy_check_mark: '\u2714\uFE0F', check: '\u2714\uFE0F', x: '\u274C',
    negative_squared_cross_mark: '\u274E', warning: '\u26A0\uFE0F', hourglass: '\u231B',
    hourglass_flowing_sand: '\u23F3', rocket: '\uD83D\uDE80', arrows_counterclockwise: '\uD83D\uDD04',
    large_green_circle: '\uD83D\uDFE2', green_circle: '\uD83D\uDFE2', red_circle: '\uD83D\uDD34',
    large_yellow_circle: '\uD83D\uDFE1', yellow_circle: '\uD83D\uDFE1', large_blue_circle: '\uD83D\uDD35',
    arrow_double_up: '\u23EB', scissors: '\u2702\uFE0F', wastebasket: '\uD83D\uDDD1\uFE0F',
    white_small_square: '\u25AB\uFE0F', white_circle: '\u26AA', black_circle: '\u26AB', eyes: '\uD83D\uDC40', '+1': '\uD83D\uDC4D',
    thumbsup: '\uD83D\uDC4D', '-1': '\uD83D\uDC4E', thumbsdown: '\uD83D\uDC4E', tada: '\uD83C\uDF89',
    fire: '\uD83D\uDD25', stop_sign: '\uD83D\uDED1', no_entry: '\u26D4', no_entry_sign: '\uD83D\uDEAB',
    lock: '\uD83D\uDD12', unlock: '\uD83D\uDD13', key: '\uD83D\uDD11', gear: '\u2699\uFE0F',
    wrench: '\uD83D\uDD27', hammer_and_wrench: '\uD83D\uDEE0\uFE0F', information_source: '\u2139\uFE0F',
    question: '\u2753', exclamation: '\u2757', heavy_exclamation_mark: '\u2757', bulb: '\uD83D\uDCA1',
    memo: '\uD83D\uDCDD', clipboard: '\uD83D\uDCCB', page_facing_up: '\uD83D\uDCC4', package: '\uD83D\uDCE6',
    bar_chart: '\uD83D\uDCCA', chart_with_upwards_trend: '\uD83D\uDCC8', stopwatch: '\u23F1\uFE0F',
    alarm_clock: '\u23F0', clock1: '\uD83D\uDD50', repeat: '\uD83D\uDD01', arrow_right: '\u27A1\uFE0F',
    arrow_up: '\u2B06\uFE0F', arrow_down: '\u2B07\uFE0F', heavy_plus_sign: '\u2795',
    heavy_minus_sign: '\u2796', leftwards_arrow_with_hook: '\u21A9\uFE0F', rewind: '\u23EA',
    fast_forward: '\u23E9', pause_button: '\u23F8\uFE0F', double_vertical_bar: '\u23F8\uFE0F',
    arrow_forward: '\u25B6\uFE0F', black_square_for_stop: '\u23F9\uFE0F', construction: '\uD83D\uDEA7',
    rotating_light: '\uD83D\uDEA8', sos: '\uD83C\uDD98', boom: '\uD83D\uDCA5', skull: '\uD83D\uDC80',
    robot_face: '\uD83E\uDD16', zzz: '\uD83D\uDCA4', sparkles: '\u2728', star: '\u2B50', ok: '\uD83C\uDD97',
    ok_hand: '\uD83D\uDC4C', wave: '\uD83D\uDC4B', pray: '\uD83D\uDE4F', raised_hands: '\uD83D\uDE4C',
    thinking_face: '\uD83E\uDD14', smile: '\uD83D\uDE04', slightly_smiling_face: '\uD83D\uDE42',
    party_popper: '\uD83C\uDF89', mag: '\uD83D\uDD0D', link: '\uD83D\uDD17', hourglass_done: '\u231B',
    large_orange_circle: '\uD83D\uDFE0', orange_circle: '\uD83D\uDFE0', purple_circle: '\uD83D\uDFE3',
    white_large_square: '\u2B1C', black_large_square: '\u2B1B', large_green_square: '\uD83D\uDFE9',
    large_red_square: '\uD83D\uDFE5', large_yellow_square: '\uD83D\uDFE8', heavy_multiplication_x: '\u2716\uFE0F',
    ballot_box_with_check: '\u2611\uFE0F', radio_button: '\uD83D\uDD18', satellite: '\uD83D\uDCE1',
    building_construction: '\uD83C\uDFD7\uFE0F', floppy_disk: '\uD83D\uDCBE', inbox_tray: '\uD83D\uDCE5',
    outbox_tray: '\uD83D\uDCE4', scales: '\u2696\uFE0F', shield: '\uD83D\uDEE1\uFE0F', truck: '\uD83D\uDE9A',
    calendar: '\uD83D\uDCC6', bell: '\uD83D\uDD14', no_bell: '\uD83D\uDD15', speech_balloon: '\uD83D\uDCAC',
    recycle: '\u267B\uFE0F', cloud: '\u2601\uFE0F', zap: '\u26A1', snail: '\uD83D\uDC0C', turtle: '\uD83D\uDC22'
  };
  var QUICK_REACTIONS = ['white_check_mark', 'x', '+1', 'eyes', 'rocket', 'tada'];

  var state = {
    info: null, users: {}, humans: [], groups: {}, channels: [], channel: null, postAs: null,
    lastText: null, expanded: {}, editsOpen: {}, history: [], historyPos: -1, pollTimer: null,
    images: {}, renders: 0
  };

  // ------------------------------------------------------------------ helpers

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }

  function api(method, path, body) {
    var opts = { method: method, headers: {} };
    if (body !== undefined) {
      opts.headers['Content-Type'] = 'application/json';
      opts.body = JSON.stringify(body);
    }
    return fetch(path, opts).then(function (r) {
      return r.text().then(function (t) {
        var json = null;
        try { json = JSON.parse(t); } catch (e) { json = { ok: false, error: 'bad_response' }; }
        return { status: r.status, text: t, json: json };
      });
    });
  }

  function unescapeSlack(s) {
    return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  }

  function userName(id) {
    var u = state.users[id];
    return u ? u.name : id;
  }

  function emoji(name) {
    var base = name.replace(/::skin-tone-\d$/, '');
    return Object.prototype.hasOwnProperty.call(EMOJI, base) ? EMOJI[base] : ':' + name + ':';
  }

  function safeHref(url) {
    return /^(https?:|mailto:)/i.test(url) ? url : null;
  }

  function tsTime(ts) {
    var d = new Date(parseFloat(ts) * 1000);
    function p(n) { return (n < 10 ? '0' : '') + n; }
    return p(d.getHours()) + ':' + p(d.getMinutes()) + ':' + p(d.getSeconds());
  }

  function setHint(text, kind) {
    var h = document.getElementById('hint');
    h.textContent = text || '';
    h.className = 'hint' + (kind ? ' ' + kind : '');
  }

  function describeResult(r, what) {
    if (!r.json || !r.json.ok) {
      return [(what ? what + ' failed: ' : '') + ((r.json && (r.json.detail || r.json.error)) || ('HTTP ' + r.status)), 'error'];
    }
    if (r.json.acked) {
      return [(what ? what + ': ' : '') + 'delivered, acked in ' + r.json.ack_ms + ' ms', 'ok'];
    }
    if (r.json.delivered === false) {
      return [(what ? what + ': ' : '') + 'queued: the bot is not connected (delivered when it connects)', 'warn'];
    }
    return [(what ? what + ': ' : '') + 'delivered but NOT acked in time (Slack allows 3 s)', 'warn'];
  }

  // ------------------------------------------------------------------ mrkdwn

  // *bold*, _italic_, ~strike~ need word boundaries, like Slack.
  var INLINE = /`([^`\n]+)`|<([^<>\n]+)>|(?<![A-Za-z0-9*])\*(?!\s)([^*\n]+?)\*(?![A-Za-z0-9*])|(?<![A-Za-z0-9_])_(?!\s)([^_\n]+?)_(?![A-Za-z0-9_])|(?<![A-Za-z0-9~])~(?!\s)([^~\n]+?)~(?![A-Za-z0-9~])|:([a-z0-9_+'\-]+(?:::skin-tone-\d)?):/g;

  function mrkdwn(text, parent) {
    var parts = String(text).split('```');
    if (parts.length % 2 === 0) {
      var tail = parts.pop();
      parts[parts.length - 1] += '```' + tail;
    }
    parts.forEach(function (p, i) {
      if (i % 2 === 1) {
        var pre = el('pre', 'code-block');
        pre.textContent = unescapeSlack(p.replace(/^\n/, '').replace(/\n$/, ''));
        parent.appendChild(pre);
      } else {
        inline(p, parent);
      }
    });
  }

  function inline(text, parent) {
    var re = new RegExp(INLINE.source, 'g');
    var last = 0, m;
    while ((m = re.exec(text)) !== null) {
      if (m.index > last) { parent.appendChild(document.createTextNode(unescapeSlack(text.slice(last, m.index)))); }
      if (m[1] !== undefined) {
        parent.appendChild(el('code', null, unescapeSlack(m[1])));
      } else if (m[2] !== undefined) {
        parent.appendChild(angle(m[2]));
      } else if (m[3] !== undefined) {
        var b = el('b'); inline(m[3], b); parent.appendChild(b);
      } else if (m[4] !== undefined) {
        var i = el('i'); inline(m[4], i); parent.appendChild(i);
      } else if (m[5] !== undefined) {
        var s = el('s'); inline(m[5], s); parent.appendChild(s);
      } else if (m[6] !== undefined) {
        parent.appendChild(document.createTextNode(emoji(m[6])));
      }
      last = re.lastIndex;
    }
    if (last < text.length) { parent.appendChild(document.createTextNode(unescapeSlack(text.slice(last)))); }
  }

  function angle(inner) {
    var bar = inner.indexOf('|');
    var target = bar >= 0 ? inner.slice(0, bar) : inner;
    var label = bar >= 0 ? inner.slice(bar + 1) : null;
    if (target.charAt(0) === '@') {
      return el('span', 'mention', '@' + (label || userName(target.slice(1))));
    }
    if (target.charAt(0) === '#') {
      var ch = state.channels.filter(function (c) { return c.id === target.slice(1); })[0];
      return el('span', 'mention', '#' + (label || (ch ? ch.name : target.slice(1))));
    }
    if (target.charAt(0) === '!') {
      if (target.indexOf('!subteam^') === 0) {
        var g = state.groups[target.slice(9)];
        return el('span', 'mention', label ? unescapeSlack(label) : '@' + (g ? g.handle : target.slice(9)));
      }
      if (target.indexOf('!date^') === 0) {
        return document.createTextNode(unescapeSlack(label || target));
      }
      return el('span', 'mention', '@' + target.slice(1));
    }
    var url = unescapeSlack(target);
    var href = safeHref(url);
    if (!href) { return document.createTextNode('<' + unescapeSlack(inner) + '>'); }
    var a = el('a', null, label ? unescapeSlack(label) : url);
    a.href = href; a.target = '_blank'; a.rel = 'noopener noreferrer';
    return a;
  }

  function textObject(t, parent) {
    if (!t) { return; }
    if (t.type === 'mrkdwn') {
      mrkdwn(t.text || '', parent);
    } else {
      var s = t.text || '';
      if (t.emoji !== false) {
        s = s.replace(/:([a-z0-9_+'\-]+):/g, function (all, n) { return emoji(n); });
      }
      parent.appendChild(document.createTextNode(s));
    }
  }

  // ------------------------------------------------------------------ Block Kit

  function renderBlocks(blocks, msg, parent) {
    (blocks || []).forEach(function (b) {
      try {
        parent.appendChild(renderBlock(b, msg));
      } catch (e) {
        parent.appendChild(el('div', 'block-unsupported', '[could not render ' + (b && b.type) + ' block]'));
      }
    });
  }

  function renderBlock(b, msg) {
    var d;
    switch (b.type) {
      case 'header':
        d = el('div', 'block block-header');
        textObject(b.text, d);
        return d;
      case 'section':
        d = el('div', 'block block-section');
        var main = el('div', 'section-main');
        if (b.text) {
          var t = el('div', 'msg-text');
          textObject(b.text, t);
          main.appendChild(t);
        }
        if (b.fields && b.fields.length) {
          var f = el('div', 'fields');
          b.fields.forEach(function (fd) { var c = el('div', 'msg-text'); textObject(fd, c); f.appendChild(c); });
          main.appendChild(f);
        }
        d.appendChild(main);
        if (b.accessory) { d.appendChild(renderElement(b.accessory, msg)); }
        return d;
      case 'context':
        d = el('div', 'block block-context');
        (b.elements || []).forEach(function (e) {
          if (e.type === 'image') {
            d.appendChild(el('span', null, '[' + (e.alt_text || 'image') + ']'));
          } else {
            var s = el('span', 'msg-text'); textObject(e, s); d.appendChild(s);
          }
        });
        return d;
      case 'divider':
        return el('hr', 'block-divider');
      case 'actions':
        d = el('div', 'block block-actions');
        (b.elements || []).forEach(function (e) { d.appendChild(renderElement(e, msg)); });
        return d;
      case 'image':
        d = el('div', 'block block-image');
        if (b.title) { var tt = el('div'); textObject(b.title, tt); d.appendChild(tt); }
        d.appendChild(el('div', null, '\uD83D\uDDBC ' + (b.alt_text || 'image')));
        return d;
      case 'rich_text':
        d = el('div', 'block rt msg-text');
        (b.elements || []).forEach(function (e) { d.appendChild(richElement(e)); });
        return d;
      case 'markdown':
        d = el('div', 'block msg-text');
        mrkdwn(b.text || '', d);
        return d;
      default:
        return el('div', 'block block-unsupported', '[' + b.type + ' block]');
    }
  }

  function richElement(e) {
    var d;
    switch (e.type) {
      case 'rich_text_section':
        d = el('div');
        (e.elements || []).forEach(function (x) { d.appendChild(richInline(x)); });
        return d;
      case 'rich_text_list':
        d = el(e.style === 'ordered' ? 'ol' : 'ul');
        (e.elements || []).forEach(function (x) { var li = el('li'); li.appendChild(richElement(x)); d.appendChild(li); });
        return d;
      case 'rich_text_preformatted':
        d = el('pre', 'code-block');
        (e.elements || []).forEach(function (x) { d.appendChild(document.createTextNode(x.text || x.url || '')); });
        return d;
      case 'rich_text_quote':
        d = el('blockquote');
        (e.elements || []).forEach(function (x) { d.appendChild(richInline(x)); });
        return d;
      default:
        return el('span', 'block-unsupported', '[' + e.type + ']');
    }
  }

  function richInline(x) {
    var node;
    switch (x.type) {
      case 'text': node = document.createTextNode(x.text || ''); break;
      case 'link':
        var href = safeHref(x.url || '');
        if (href) { node = el('a', null, x.text || x.url); node.href = href; node.target = '_blank'; node.rel = 'noopener noreferrer'; }
        else { node = document.createTextNode(x.text || x.url || ''); }
        break;
      case 'user': node = el('span', 'mention', '@' + userName(x.user_id)); break;
      case 'usergroup':
        var g = state.groups[x.usergroup_id];
        node = el('span', 'mention', '@' + (g ? g.handle : x.usergroup_id));
        break;
      case 'channel': node = el('span', 'mention', '#' + x.channel_id); break;
      case 'emoji': node = document.createTextNode(x.unicode ? String.fromCodePoint.apply(null, x.unicode.split('-').map(function (h) { return parseInt(h, 16); })) : emoji(x.name)); break;
      case 'broadcast': node = el('span', 'mention', '@' + x.range); break;
      default: node = document.createTextNode('');
    }
    var st = x.style || {};
    if (st.code) { var c = el('code'); c.appendChild(node); node = c; }
    if (st.bold) { var b = el('b'); b.appendChild(node); node = b; }
    if (st.italic) { var i = el('i'); i.appendChild(node); node = i; }
    if (st.strike) { var s = el('s'); s.appendChild(node); node = s; }
    return node;
  }

  function renderElement(e, msg) {
    if (e.type === 'button') {
      var btn = el('button', 'btn' + (e.style === 'primary' ? ' primary' : e.style === 'danger' ? ' danger' : ''));
      btn.type = 'button';
      textObject(e.text, btn);
      btn.addEventListener('click', function () { clickButton(e, msg, btn); });
      return btn;
    }
    if (e.type === 'image') {
      return el('span', 'block-image', '\uD83D\uDDBC ' + (e.alt_text || 'image'));
    }
    var label = e.placeholder ? e.placeholder.text : (e.text ? e.text.text : e.type);
    return el('span', 'select-stub', label + ' \u25BE');
  }

  function clickButton(e, msg, btn) {
    if (e.confirm) {
      var c = e.confirm;
      var question = ((c.title && c.title.text) || 'Are you sure?') + '\n\n' + ((c.text && c.text.text) || '');
      if (!window.confirm(question)) { return; }
    }
    if (e.url && safeHref(e.url)) { window.open(e.url, '_blank', 'noopener'); }
    btn.disabled = true;
    api('POST', '/api/sim/action', {
      user: state.postAs, channel: state.channel.id, ts: msg.ts, action_id: e.action_id,
      value: e.value === undefined ? null : e.value
    }).then(function (r) {
      var d = describeResult(r, 'Click "' + ((e.text && e.text.text) || e.action_id) + '"');
      setHint(d[0], d[1]);
      poll(true);
    }).catch(function (err) { setHint('Click failed: ' + err, 'error'); })
      .then(function () { btn.disabled = false; });
  }

  function renderAttachments(atts, msg, parent) {
    (atts || []).forEach(function (a) {
      var d = el('div', 'attachment');
      if (a.color) {
        var color = /^#?[0-9a-fA-F]{3,8}$/.test(a.color) ? (a.color.charAt(0) === '#' ? a.color : '#' + a.color)
          : a.color === 'good' ? '#2eb67d' : a.color === 'danger' ? '#e01e5a' : a.color === 'warning' ? '#ecb22e' : null;
        if (color) { d.style.borderLeftColor = color; }
      }
      if (a.pretext) { var p = el('div', 'msg-text'); mrkdwn(a.pretext, p); d.appendChild(p); }
      if (a.title) { d.appendChild(el('div', 'att-title', a.title)); }
      if (a.text) { var t = el('div', 'msg-text'); mrkdwn(a.text, t); d.appendChild(t); }
      if (a.fields) {
        var f = el('div', 'fields');
        a.fields.forEach(function (fd) {
          var c = el('div', 'msg-text');
          c.appendChild(el('b', null, fd.title || ''));
          c.appendChild(el('br'));
          mrkdwn(fd.value || '', c);
          f.appendChild(c);
        });
        d.appendChild(f);
      }
      if (a.blocks) { renderBlocks(a.blocks, msg, d); }
      if (!a.text && !a.title && !a.blocks && !a.fields && a.fallback) { d.appendChild(el('div', 'msg-text', a.fallback)); }
      parent.appendChild(d);
    });
  }

  // ------------------------------------------------------------------ messages

  function renderMessage(m, isReply) {
    var row = el('div', 'msg' + (m.ephemeral ? ' ephemeral' : ''));
    row.dataset.ts = m.ts;
    var av = el('div', 'avatar' + (m.bot ? ' bot' : ''), (m.username || '?').charAt(0).toUpperCase());
    row.appendChild(av);
    var body = el('div', 'msg-body');
    if (m.ephemeral) {
      var who = m.visible_to === state.postAs ? 'you' : userName(m.visible_to);
      body.appendChild(el('span', 'only-you', '\uD83D\uDC41 Only visible to ' + who));
    }
    var head = el('div', 'msg-head');
    head.appendChild(el('span', 'author', m.username));
    if (m.bot) { head.appendChild(el('span', 'app-badge', 'APP')); }
    var time = el('span', 'time', tsTime(m.ts));
    time.title = 'ts ' + m.ts;
    head.appendChild(time);
    if (m.edited) {
      var ed = el('span', 'edited', '(edited)');
      ed.title = m.edits.length + ' earlier version(s); click to show';
      ed.addEventListener('click', function () {
        state.editsOpen[m.ts] = !state.editsOpen[m.ts];
        rerender();
      });
      head.appendChild(ed);
    }
    if (m.reply_broadcast && !isReply) { head.appendChild(el('span', 'broadcast-note', 'replied to a thread')); }
    body.appendChild(head);

    if (m.deleted) {
      body.appendChild(el('div', 'deleted-text', 'This message was deleted.'));
    } else {
      if (m.blocks && m.blocks.length) {
        renderBlocks(m.blocks, m, body);
      } else if (m.text) {
        var t = el('div', 'msg-text');
        mrkdwn(m.text, t);
        body.appendChild(t);
      }
      if (m.attachments) { renderAttachments(m.attachments, m, body); }
      if (m.files && m.files.length) {
        var fs = el('div', 'files');
        m.files.forEach(function (f) {
          var box = el('div', 'file');
          var a = el('a', null, '\uD83D\uDCC4 ' + (f.title || f.name));
          a.href = f.url; a.target = '_blank'; a.rel = 'noopener noreferrer';
          box.appendChild(a);
          box.appendChild(el('span', 'size', f.name + ' \u00B7 ' + f.size + ' bytes'));
          if (/^image\/(png|jpeg|gif)$/.test(f.mimetype || '')) {
            box.className = 'file image';
            box.appendChild(fileImage(f));
          }
          fs.appendChild(box);
        });
        body.appendChild(fs);
      }
    }
    if (m.edited && state.editsOpen[m.ts]) {
      var eb = el('div', 'edits');
      m.edits.forEach(function (e, i) {
        var line = el('div');
        line.appendChild(el('span', 'edit-at', 'v' + (i + 1) + ' (replaced ' + new Date(e.at).toLocaleTimeString() + '): '));
        line.appendChild(document.createTextNode(e.text || (e.blocks && e.blocks.length ? '[blocks only]' : '')));
        eb.appendChild(line);
      });
      body.appendChild(eb);
    }
    if (!m.ephemeral && !m.deleted) { body.appendChild(renderReactions(m)); }
    if (!isReply && m.reply_count > 0) {
      var open = !!state.expanded[m.ts];
      var tog = el('span', 'thread-toggle', (open ? '\u25BE ' : '\u25B8 ') + m.reply_count + (m.reply_count === 1 ? ' reply' : ' replies'));
      tog.addEventListener('click', function () { state.expanded[m.ts] = !open; rerender(); });
      body.appendChild(tog);
    }
    row.appendChild(body);
    if (isReply || !m.replies || !m.replies.length || !state.expanded[m.ts]) { return row; }
    var wrap = el('div');
    wrap.appendChild(row);
    var th = el('div', 'thread');
    m.replies.forEach(function (r) { th.appendChild(renderMessage(r, true)); });
    wrap.appendChild(th);
    return wrap;
  }

  function renderReactions(m) {
    var d = el('div', 'reactions');
    (m.reactions || []).forEach(function (r) {
      var mine = r.users.indexOf(state.postAs) >= 0;
      var pill = el('button', 'pill' + (mine ? ' mine' : ''), emoji(r.name) + ' ' + r.count);
      pill.type = 'button';
      pill.title = ':' + r.name + ': by ' + r.users.map(userName).join(', ');
      pill.addEventListener('click', function () { react(m, r.name, mine); });
      d.appendChild(pill);
    });
    var add = el('button', 'react-add' + (m.reactions && m.reactions.length ? ' always' : ''), '+ react');
    add.type = 'button';
    add.title = 'Add a reaction as ' + userName(state.postAs);
    add.addEventListener('click', function (ev) { ev.stopPropagation(); openPopover(add, m); });
    d.appendChild(add);
    return d;
  }

  function react(m, name, remove) {
    api('POST', '/api/sim/reaction', {
      user: state.postAs, channel: state.channel.id, ts: m.ts, name: name, removed: !!remove
    }).then(function (r) {
      var d = describeResult(r, (remove ? 'Remove :' : 'React :') + name + ':');
      setHint(d[0], d[1]);
      poll(true);
    }).catch(function (err) { setHint('Reaction failed: ' + err, 'error'); });
  }

  var popoverTarget = null;

  function openPopover(anchor, m) {
    var pop = document.getElementById('react-popover');
    popoverTarget = m;
    var rect = anchor.getBoundingClientRect();
    pop.style.left = Math.min(rect.left + window.scrollX, window.innerWidth - 260) + 'px';
    pop.style.top = Math.max(10, rect.top + window.scrollY - 90) + 'px';
    pop.classList.remove('hidden');
    pop.querySelector('input').value = '';
    pop.querySelector('input').focus();
  }

  function closePopover() {
    document.getElementById('react-popover').classList.add('hidden');
    popoverTarget = null;
  }

  function initPopover() {
    var pop = document.getElementById('react-popover');
    var quick = pop.querySelector('.popover-quick');
    QUICK_REACTIONS.forEach(function (name) {
      var b = el('button', null, emoji(name));
      b.type = 'button';
      b.title = ':' + name + ':';
      b.addEventListener('click', function () {
        var target = popoverTarget; closePopover();
        if (target) { react(target, name, false); }
      });
      quick.appendChild(b);
    });
    pop.querySelector('form').addEventListener('submit', function (ev) {
      ev.preventDefault();
      var name = pop.querySelector('input').value.trim().replace(/^:|:$/g, '');
      var target = popoverTarget; closePopover();
      if (target && name) { react(target, name, false); }
    });
    pop.addEventListener('click', function (ev) { ev.stopPropagation(); });
    document.addEventListener('click', closePopover);
    document.addEventListener('keydown', function (ev) { if (ev.key === 'Escape') { closePopover(); } });
  }

  // One <img> per file, reused by every render (so it loads once); a second copy in the same render is a clone.
  function fileImage(f) {
    var img = state.images[f.id];
    if (!img) {
      img = state.images[f.id] = el('img', 'file-image');
      img.src = f.url; img.alt = f.title || f.name;
    } else if (img.dataset.render === String(state.renders)) {
      return img.cloneNode();
    }
    img.dataset.render = String(state.renders);
    return img;
  }

  // ------------------------------------------------------------------ rendering loop

  var lastData = null;

  function rerender() {
    if (lastData) { render(lastData); }
  }

  function render(data) {
    lastData = data;
    state.renders++;
    var box = document.getElementById('messages');
    var atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
    var prevTop = box.scrollTop;
    var frag = document.createDocumentFragment();
    if (!data.messages.length) {
      frag.appendChild(el('div', 'empty', 'No messages yet. Try ' + state.info.command + ' help below.'));
    }
    data.messages.forEach(function (m) { frag.appendChild(renderMessage(m, false)); });
    box.textContent = '';
    box.appendChild(frag);
    box.scrollTop = atBottom ? box.scrollHeight : prevTop;
  }

  function poll(force) {
    if (!state.channel) { return Promise.resolve(); }
    var url = '/api/sim/messages?channel=' + encodeURIComponent(state.channel.id) +
      '&user=' + encodeURIComponent(state.postAs);
    return fetch(url).then(function (r) { return r.text(); }).then(function (t) {
      if (force || t !== state.lastText) {
        state.lastText = t;
        var data = JSON.parse(t);
        if (data.ok) { render(data); }
      }
    }).catch(function () { /* simulator gone; keep polling */ });
  }

  function schedulePoll() {
    poll(false).then(function () { state.pollTimer = setTimeout(schedulePoll, 1000); });
  }

  function pollStatus() {
    Promise.all([api('GET', '/api/sim/info'), api('GET', '/api/sim/envelopes')]).then(function (rs) {
      var info = rs[0].json, envs = rs[1].json;
      var dot = document.getElementById('conn-dot'), txt = document.getElementById('conn-text');
      if (info && info.ok) {
        if (info.delivery_mode === 'HTTP') {
          dot.className = 'dot on'; txt.textContent = 'HTTP delivery';
        } else if (info.socket_connections > 0) {
          dot.className = 'dot on'; txt.textContent = 'bot connected (Socket Mode)';
        } else {
          dot.className = 'dot off'; txt.textContent = 'bot not connected';
        }
      }
      if (envs && envs.ok) {
        var list = document.getElementById('envelope-list');
        list.textContent = '';
        envs.envelopes.slice(-10).reverse().forEach(function (e) {
          var li = el('li');
          var mark;
          if (e.acked) { mark = el('span', 'ok', '\u2713 ' + e.ack_ms + ' ms '); }
          else if (!e.delivered) { mark = el('span', 'wait', '\u2026 queued '); }
          else if (Date.now() - new Date(e.created).getTime() > 3000) { mark = el('span', 'bad', '\u2717 no ack '); }
          else { mark = el('span', 'wait', '\u2026 '); }
          li.appendChild(mark);
          li.appendChild(document.createTextNode(e.summary));
          li.title = e.type + ' ' + e.id + (e.retry_attempt ? ' (retry ' + e.retry_attempt + ')' : '');
          list.appendChild(li);
        });
      }
    }).catch(function () {
      document.getElementById('conn-dot').className = 'dot off';
      document.getElementById('conn-text').textContent = 'simulator unreachable';
    }).then(function () { setTimeout(pollStatus, 2000); });
  }

  // ------------------------------------------------------------------ composer

  function send() {
    var input = document.getElementById('composer-input');
    var text = input.value.trim();
    if (!text) { return; }
    var cmd = state.info.command;
    if (text.charAt(0) !== '/') {
      setHint('Only the slash command is supported here: type ' + cmd + ' followed by its arguments, e.g. ' + cmd + ' help', 'warn');
      return;
    }
    var word = text.split(/\s+/)[0];
    if (word !== cmd) {
      setHint(word + ' is not a command of this app. Only ' + cmd + ' is supported.', 'warn');
      return;
    }
    state.history.push(text);
    state.historyPos = -1;
    input.value = '';
    setHint('Sending ' + text + ' as ' + userName(state.postAs) + '\u2026');
    api('POST', '/api/sim/command', { user: state.postAs, channel: state.channel.id, text: text })
      .then(function (r) {
        var d = describeResult(r, text);
        setHint(d[0], d[1]);
        poll(true);
      }).catch(function (err) { setHint('Send failed: ' + err, 'error'); });
  }

  function initComposer() {
    var input = document.getElementById('composer-input');
    input.addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter' && !ev.shiftKey) { ev.preventDefault(); send(); return; }
      if (ev.key === 'ArrowUp' && state.history.length) {
        ev.preventDefault();
        state.historyPos = state.historyPos < 0 ? state.history.length - 1 : Math.max(0, state.historyPos - 1);
        input.value = state.history[state.historyPos];
      } else if (ev.key === 'ArrowDown' && state.historyPos >= 0) {
        ev.preventDefault();
        state.historyPos++;
        if (state.historyPos >= state.history.length) { state.historyPos = -1; input.value = ''; }
        else { input.value = state.history[state.historyPos]; }
      }
    });
    input.addEventListener('input', function () {
      var v = input.value;
      if (v && v.charAt(0) !== '/') {
        setHint('Only the slash command is supported: start with ' + state.info.command, 'warn');
      } else if (document.getElementById('hint').classList.contains('warn')) {
        setHint('');
      }
    });
    document.getElementById('send-button').addEventListener('click', send);
    var sel = document.getElementById('post-as');
    sel.addEventListener('change', function () {
      state.postAs = sel.value;
      try { localStorage.setItem('sim.postAs', state.postAs); } catch (e) { /* ignore */ }
      state.lastText = null;
      poll(true);
    });
  }

  // ------------------------------------------------------------------ channels and start-up

  function selectChannel(ch) {
    state.channel = ch;
    state.lastText = null;
    lastData = null;
    document.getElementById('channel-title').textContent = '# ' + ch.name;
    document.getElementById('channel-sub').textContent = ch.id;
    document.title = '#' + ch.name + ' \u2013 ' + (state.info ? state.info.team_name : 'Slack simulator');
    Array.prototype.forEach.call(document.querySelectorAll('#channel-list li'), function (li) {
      li.classList.toggle('active', li.dataset.id === ch.id);
    });
    if (location.hash !== '#' + ch.name) { history.replaceState(null, '', '#' + ch.name); }
    document.getElementById('messages').textContent = '';
    poll(true);
  }

  function start() {
    Promise.all([api('GET', '/api/sim/info'), api('GET', '/api/sim/users'), api('GET', '/api/sim/channels')])
      .then(function (rs) {
        state.info = rs[0].json;
        rs[1].json.users.forEach(function (u) { state.users[u.id] = u; });
        rs[1].json.groups.forEach(function (g) { state.groups[g.id] = g; });
        state.humans = rs[1].json.users.filter(function (u) { return !u.is_bot; });
        state.channels = rs[2].json.channels;
        document.getElementById('team-name').textContent = state.info.team_name;
        document.getElementById('cmd-example').textContent = state.info.command + ' help';
        document.getElementById('composer-input').placeholder = state.info.command + ' help';

        var sel = document.getElementById('post-as');
        var saved = null;
        try { saved = localStorage.getItem('sim.postAs'); } catch (e) { /* ignore */ }
        state.humans.forEach(function (u) {
          var o = el('option', null, u.name + ' (' + u.real_name + ')');
          o.value = u.id;
          sel.appendChild(o);
        });
        state.postAs = state.users[saved] && !state.users[saved].is_bot ? saved : (state.humans[0] && state.humans[0].id);
        sel.value = state.postAs;

        var list = document.getElementById('channel-list');
        state.channels.forEach(function (c) {
          var li = el('li', null, '# ' + c.name);
          li.dataset.id = c.id;
          li.addEventListener('click', function () { selectChannel(c); });
          list.appendChild(li);
        });
        var wanted = decodeURIComponent(location.hash.replace(/^#/, '').split('/')[0]);
        var initial = state.channels.filter(function (c) { return c.name === wanted || c.id === wanted; })[0] || state.channels[0];
        initComposer();
        initPopover();
        selectChannel(initial);
        schedulePoll();
        pollStatus();
        document.getElementById('composer-input').focus();
      })
      .catch(function (err) { setHint('Could not reach the simulator: ' + err, 'error'); });
  }

  document.addEventListener('DOMContentLoaded', start);
})();
