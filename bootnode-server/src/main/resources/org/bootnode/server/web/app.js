// bootnode's web page: every node at a glance, live from the admin API's event stream.
// Plain JavaScript, no library and nothing fetched from elsewhere (docs/api.md is the contract).
//
// Speed with many nodes: the table is built once; an event changes the model at once and marks
// its node dirty, and one animation frame writes every dirty row (only the cells that changed).
'use strict';

(() => {
  const TOKEN_KEY = 'bootnode.token';
  const MAX_EVENTS_PER_NODE = 64;   // the events a row keeps for its node (the node page asks the API)
  const HEARTBEAT_LIMIT_MS = 45000; // the API sends a comment every 15 s: three missed, reconnect
  const RETRY_MIN_MS = 1000;
  const RETRY_MAX_MS = 15000;
  const BOOTS_SHOWN = 5;

  // Stage label (BootStage.label()) to the bar it belongs to on the timeline.
  const BARS = [
    { key: 'dhcp', label: 'DHCP', stages: ['dhcp-offer', 'dhcp-ack'] },
    { key: 'tftp', label: 'TFTP', stages: ['tftp-file', 'http-file'] },
    { key: 'script', label: 'Script', stages: ['script'] },
    { key: 'kernel', label: 'Kernel', stages: ['kernel'] },
    { key: 'initrd', label: 'Initrd', stages: ['initrd'] },
    { key: 'booted', label: 'Booted', stages: ['booted'] },
  ];
  const STATES = ['unseen', 'dhcp-offer', 'dhcp-ack', 'tftp-file', 'http-file', 'script', 'kernel', 'initrd', 'booted'];

  /** The colour family of a state: unseen, dhcp, loader (boot loader and script), image, booted. */
  function phase(state) {
    if (!state || state === 'unseen' || state === 'ignored') return 'unseen';
    if (state.startsWith('dhcp')) return 'dhcp';
    if (state === 'tftp-file' || state === 'http-file' || state === 'script') return 'loader';
    if (state === 'booted') return 'booted';
    return 'image';
  }

  const $ = (id) => document.getElementById(id);
  const el = (tag, props, ...children) => {
    const e = document.createElement(tag);
    if (props) {
      for (const [k, v] of Object.entries(props)) {
        if (v === undefined || v === null) continue;
        if (k === 'class') e.className = v;
        else if (k === 'text') e.textContent = v;
        else if (k.startsWith('data-') || k.startsWith('aria-') || k === 'role' || k === 'title') e.setAttribute(k, v);
        else e[k] = v;
      }
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  };
  const byName = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' }).compare;
  const sameDay = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const otherDay = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });

  function formatTime(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    if (isNaN(d)) return String(iso);
    return d.toDateString() === new Date().toDateString() ? sameDay.format(d) : otherDay.format(d);
  }
  function formatSeconds(ms) {
    if (ms < 1000) return Math.round(ms) + ' ms';
    return (ms / 1000).toFixed(ms < 10000 ? 2 : 1) + ' s';
  }
  function formatBytes(n) {
    if (!n) return '';
    const units = ['B', 'KiB', 'MiB', 'GiB'];
    let i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return (i ? n.toFixed(1) : n) + ' ' + units[i];
  }

  // ---------------------------------------------------------------------------------------
  // The API: a bearer token from session storage when the API asks for one (401).

  let tokenPrompt = null;

  function token() { return sessionStorage.getItem(TOKEN_KEY); }

  /** Shows the token dialog once for every caller that met a 401; resolves when a token is given. */
  function askToken(refused) {
    if (tokenPrompt) return tokenPrompt;
    const dialog = $('token-dialog');
    $('token-why').textContent = refused
      ? 'That token was refused. Enter another one.'
      : 'This bootnode asks for a token. It is kept in this tab only (session storage).';
    $('token-input').value = '';
    tokenPrompt = new Promise((resolve) => {
      const done = (e) => {
        e.preventDefault();
        const value = $('token-input').value.trim();
        if (!value) return;
        sessionStorage.setItem(TOKEN_KEY, value);
        $('token-form').removeEventListener('submit', done);
        dialog.close();
        tokenPrompt = null;
        resolve();
      };
      $('token-form').addEventListener('submit', done);
      dialog.addEventListener('cancel', (e) => e.preventDefault(), { once: true });
    });
    if (!dialog.open) dialog.showModal();
    $('token-input').focus();
    return tokenPrompt;
  }

  /**
   * After a 401 to a request sent with `sent`: forget that token, unless another request
   * already got a new one, and ask (saying it was refused when one was sent).
   */
  function refused(sent) {
    if (token() !== sent) return Promise.resolve();
    sessionStorage.removeItem(TOKEN_KEY);
    return askToken(sent !== null);
  }

  function headers(extra) {
    const h = Object.assign({ Accept: 'application/json' }, extra);
    const t = token();
    if (t) h.Authorization = 'Bearer ' + t;
    return h;
  }

  class ApiError extends Error {
    constructor(status, body) {
      super((body && body.error) || ('HTTP ' + status));
      this.status = status;
      this.field = body && body.field;
    }
  }

  /** fetch() on the API: asks for a token on 401 and tries again; JSON in and out. */
  async function api(path, options = {}) {
    for (;;) {
      const init = Object.assign({}, options, { headers: headers(options.headers), cache: 'no-store' });
      if (options.json !== undefined) {
        init.body = JSON.stringify(options.json);
        init.headers['Content-Type'] = 'application/json';
      }
      const sent = token();
      const res = await fetch(path, init);
      if (res.status === 401) {
        await refused(sent);
        continue;
      }
      const text = await res.text();
      let body = null;
      try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
      if (!res.ok) throw new ApiError(res.status, body);
      return body;
    }
  }

  function showError(message) {
    const e = $('error');
    e.textContent = message || '';
    e.hidden = !message;
  }

  // ---------------------------------------------------------------------------------------
  // The model: nodes by name, each with its row; unknown MACs.

  /** name -> { data, row, cells, lastId, dirty, shown } */
  const nodes = new Map();
  const nodeByMac = new Map();
  let unknown = [];
  const groups = new Set();
  const dirty = new Set();
  let filterAll = false;
  let frame = 0;
  let detailName = null;
  let detailTimer = 0;
  let unknownTimer = 0;

  function schedule() {
    if (!frame) frame = requestAnimationFrame(flush);
  }
  function markDirty(n) {
    dirty.add(n);
    schedule();
  }

  function newestEventId(events) {
    let id = -1;
    for (const e of events || []) if (typeof e.id === 'number' && e.id > id) id = e.id;
    return id;
  }

  function makeRow(name) {
    const cells = {
      name: el('td', { 'data-label': 'Name' }, el('a', { href: '#/node/' + encodeURIComponent(name), text: name })),
      group: el('td', { 'data-label': 'Group' }),
      ip: el('td', { class: 'mono', 'data-label': 'Address' }),
      image: el('td', { 'data-label': 'Image' }),
      state: el('td', { 'data-label': 'State' }, el('span', { class: 'badge state' })),
      last: el('td', { 'data-label': 'Last boot' }, el('time', { class: 'last-boot' })),
    };
    const row = el('tr', { 'data-node': name }, cells.name, cells.group, cells.ip, cells.image, cells.state, cells.last);
    return { row, cells };
  }

  /** Puts a node (from the snapshot or a node event) into the model; returns its entry. */
  function upsert(data) {
    let n = nodes.get(data.name);
    if (!n) {
      n = Object.assign({ data: null, lastId: -1, shown: null, written: {} }, makeRow(data.name));
      nodes.set(data.name, n);
      insertRow(n);
    } else if (n.data && n.data.mac && n.data.mac !== data.mac) {
      nodeByMac.delete(n.data.mac);
    }
    const id = newestEventId(data.events);
    // A snapshot older than what the stream already told keeps the stream's state.
    if (n.data && id < n.lastId) {
      data = Object.assign({}, data, { state: n.data.state, 'last-boot': n.data['last-boot'], events: n.data.events });
    } else {
      n.lastId = Math.max(n.lastId, id);
    }
    n.data = Object.assign({}, data, { events: (data.events || []).slice(-MAX_EVENTS_PER_NODE) });
    if (data.mac) nodeByMac.set(data.mac.toLowerCase(), n);
    if (data.group && !groups.has(data.group)) {
      groups.add(data.group);
      fillGroups();
    }
    markDirty(n);
    return n;
  }

  function remove(name) {
    const n = nodes.get(name);
    if (!n) return;
    nodes.delete(name);
    if (n.data && n.data.mac) nodeByMac.delete(n.data.mac.toLowerCase());
    dirty.delete(n);
    n.row.remove();
    schedule();
  }

  /** Rows stay sorted by name; a new node goes before the first row that sorts after it. */
  function insertRow(n) {
    const body = $('node-rows');
    const name = n.row.dataset.node;
    let before = null;
    if (body.lastElementChild && byName(body.lastElementChild.dataset.node, name) > 0) {
      for (const r of body.children) {
        if (byName(r.dataset.node, name) > 0) { before = r; break; }
      }
    }
    body.insertBefore(n.row, before);
  }

  /** One boot event from the stream (or a replay of one): the node's state moves on. */
  function onBoot(ev) {
    const n = (ev.node && nodes.get(ev.node)) || (ev.mac && nodeByMac.get(String(ev.mac).toLowerCase()));
    if (!n) {
      // A MAC that is no node: the unknown list changed.
      refreshUnknownSoon();
      return;
    }
    if (typeof ev.id === 'number' && ev.id <= n.lastId) return;
    if (typeof ev.id === 'number') n.lastId = ev.id;
    const d = n.data;
    d.state = ev.stage;
    if (ev.stage === 'booted') d['last-boot'] = ev.time;
    d.events.push(ev);
    if (d.events.length > MAX_EVENTS_PER_NODE) d.events.splice(0, d.events.length - MAX_EVENTS_PER_NODE);
    markDirty(n);
    if (detailName === n.data.name) refreshDetailSoon();
  }

  function onNode(msg) {
    if (!msg || !msg.node) return;
    if (msg.action === 'removed') {
      remove(msg.node.name);
    } else {
      upsert(msg.node);
      refreshUnknownSoon();
    }
    if (detailName === msg.node.name) refreshDetailSoon();
  }

  // ---------------------------------------------------------------------------------------
  // Writing the DOM: once per animation frame, only what changed.

  function filters() {
    return {
      q: $('filter-name').value.trim().toLowerCase(),
      group: $('filter-group').value,
      state: $('filter-state').value,
    };
  }

  function matches(d, f) {
    if (f.q && !d.name.toLowerCase().includes(f.q)) return false;
    if (f.group && (d.group || '') !== f.group) return false;
    if (f.state && (d.state || 'unseen') !== f.state) return false;
    return true;
  }

  /** Sets a cell's text only when it changed (a read of our own copy, not of the DOM). */
  function write(n, key, node, text) {
    if (n.written[key] === text) return;
    n.written[key] = text;
    node.textContent = text;
  }

  function flush() {
    frame = 0;
    const f = filters();
    const all = filterAll;
    filterAll = false;
    for (const n of dirty) {
      const d = n.data;
      const state = d.state || 'unseen';
      write(n, 'group', n.cells.group, d.group || '');
      write(n, 'ip', n.cells.ip, d.ip || '');
      write(n, 'image', n.cells.image, d.image || '');
      write(n, 'state', n.cells.state.firstChild, state);
      const last = d['last-boot'] || '';
      if (n.written.lastIso !== last) {
        n.written.lastIso = last;
        const t = n.cells.last.firstChild;
        t.dateTime = last;
        t.textContent = last ? formatTime(last) : 'never';
        t.title = last;
      }
      if (n.written.stateAttr !== state) {
        n.written.stateAttr = state;
        n.row.dataset.state = state;
        n.row.dataset.phase = phase(state);
      }
      if (!all) applyFilter(n, f);
    }
    dirty.clear();
    if (all) for (const n of nodes.values()) applyFilter(n, f);
    writeSummary(f);
  }

  function applyFilter(n, f) {
    const show = matches(n.data, f);
    if (n.shown !== show) {
      n.shown = show;
      n.row.hidden = !show;
    }
  }

  let summaryButtons = new Map();

  function writeSummary(f) {
    const counts = new Map(STATES.map((s) => [s, 0]));
    let shown = 0;
    for (const n of nodes.values()) {
      const s = n.data.state || 'unseen';
      counts.set(s, (counts.get(s) || 0) + 1);
      if (n.shown) shown++;
    }
    const box = $('summary');
    for (const [state, count] of counts) {
      let b = summaryButtons.get(state);
      if (!b) {
        b = el('button', { type: 'button', 'data-state': state, 'data-phase': phase(state) },
          el('span', { class: 'badge', 'data-phase': phase(state), text: state }), el('span', { class: 'n' }));
        b.addEventListener('click', () => {
          const select = $('filter-state');
          ensureOption(select, state);
          select.value = select.value === state ? '' : state;
          filtersChanged();
        });
        summaryButtons.set(state, b);
        box.append(b);
        ensureOption($('filter-state'), state);
      }
      const text = ' ' + count;
      if (b.lastChild.textContent !== text) b.lastChild.textContent = text;
      b.hidden = count === 0 && f.state !== state;
      b.setAttribute('aria-pressed', String(f.state === state));
    }
    $('node-count').textContent = String(nodes.size);
    const any = f.q || f.group || f.state;
    $('shown').textContent = any ? shown + ' of ' + nodes.size + ' nodes shown' : nodes.size + ' nodes';
    $('nodes-empty').hidden = shown > 0 || nodes.size === 0;
  }

  function ensureOption(select, value, text) {
    for (const o of select.options) if (o.value === value) return;
    select.append(el('option', { value, text: text || value }));
  }

  function fillGroups() {
    const sorted = [...groups].sort(byName);
    for (const id of ['filter-group', 'adopt-group']) {
      const select = $(id);
      for (const g of sorted) ensureOption(select, g);
    }
  }

  function filtersChanged() {
    filterAll = true;
    schedule();
    const f = filters();
    const params = new URLSearchParams();
    if (f.q) params.set('q', $('filter-name').value.trim());
    if (f.group) params.set('group', f.group);
    if (f.state) params.set('state', f.state);
    const hash = '#/' + (params.toString() ? '?' + params : '');
    if (location.hash !== hash && currentView() === 'nodes') history.replaceState(null, '', hash);
  }

  // ---------------------------------------------------------------------------------------
  // The event stream: fetch and a stream reader (EventSource cannot send a token), resumed
  // with Last-Event-ID after a drop.

  let lastEventId = null;  // the stream's own frame id (id: lines), not an Event's id
  let retryMs = RETRY_MIN_MS;
  let failures = 0;

  function setLive(state, text) {
    const live = $('live');
    live.dataset.state = state;
    live.textContent = text || state;
  }

  async function stream() {
    for (;;) {
      const controller = new AbortController();
      let watchdog = 0;
      const pet = () => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => controller.abort(), HEARTBEAT_LIMIT_MS);
      };
      try {
        const sent = token();
        const h = headers({ Accept: 'text/event-stream' });
        if (lastEventId !== null) h['Last-Event-ID'] = lastEventId;
        pet();
        const res = await fetch('/api/events', { headers: h, cache: 'no-store', signal: controller.signal });
        if (res.status === 401) {
          clearTimeout(watchdog);
          setLive('offline', 'token needed');
          await refused(sent);
          continue;
        }
        if (!res.ok || !res.body) throw new Error('event stream: HTTP ' + res.status);
        setLive('live');
        // The first snapshot is read once the stream is open, so that no event falls between
        // the two (an event and the snapshot may arrive in either order: see upsert and onBoot).
        // After a drop the stream itself replays what was missed from Last-Event-ID, or says
        // reset when it no longer keeps it.
        if (!loaded || lastEventId === null) loadSnapshot();  // no id yet: nothing to resume from
        failures = 0;
        await readEvents(res.body, pet, lastEventId);
      } catch (e) {
        // dropped, refused or timed out: reconnect below (and show what the API has meanwhile)
        if (!loaded) loadSnapshot();
      } finally {
        clearTimeout(watchdog);
      }
      failures++;
      const wait = Math.min(RETRY_MAX_MS, retryMs * 2 ** Math.min(failures - 1, 4)) * (0.75 + Math.random() / 2);
      setLive('reconnecting');
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  /** Reads text/event-stream (HTML's server-sent events): fields, blank line ends an event. */
  async function readEvents(body, pet, resumedFrom) {
    // A restarted server counts from 1 again and cannot know what we missed: an id that is not
    // past the one we resumed from means start again.
    let checkId = resumedFrom !== null;
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let type = '';
    let data = [];
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      pet();
      buffer += value;
      let start = 0;
      for (;;) {
        const nl = buffer.indexOf('\n', start);
        if (nl < 0) break;
        let line = buffer.slice(start, nl);
        start = nl + 1;
        if (line.endsWith('\r')) line = line.slice(0, -1);
        if (line === '') {
          if (data.length) dispatch(type || 'message', data.join('\n'));
          type = '';
          data = [];
          continue;
        }
        if (line.startsWith(':')) continue;  // heartbeat
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let v = colon < 0 ? '' : line.slice(colon + 1);
        if (v.startsWith(' ')) v = v.slice(1);
        if (field === 'event') type = v;
        else if (field === 'data') data.push(v);
        else if (field === 'id' && !v.includes('\0')) {
          if (checkId && /^\d+$/.test(v) && /^\d+$/.test(resumedFrom) && Number(v) <= Number(resumedFrom)) loadSnapshot(true);
          checkId = false;
          lastEventId = v;
        }
        else if (field === 'retry' && /^\d+$/.test(v)) retryMs = Math.max(RETRY_MIN_MS, Number(v));
      }
      buffer = buffer.slice(start);
      if (buffer.length > 1 << 20) throw new Error('event stream: a line over 1 MiB');
    }
  }

  function dispatch(type, text) {
    let msg;
    try { msg = JSON.parse(text); } catch (e) { return; }
    if (type === 'boot') onBoot(msg);
    else if (type === 'node') onNode(msg);
    else if (type === 'reset') loadSnapshot();  // what was missed is no longer kept: start again
  }

  // ---------------------------------------------------------------------------------------
  // Snapshots.

  let loaded = false;
  let snapshot = null;

  /**
   * Reads /api/nodes, one read at a time. `restarted`: the server counts events from 1 again, so
   * what the page knows is no newer than the snapshot, whatever the ids say.
   */
  function loadSnapshot(restarted) {
    if (restarted) for (const n of nodes.values()) n.lastId = -1;
    if (snapshot) return snapshot;
    snapshot = refreshNodes()
      .then(() => {
        loaded = true;
        showError('');
      })
      .catch((e) => showError('Could not read the nodes: ' + e.message))
      .finally(() => { snapshot = null; });
    return snapshot;
  }

  async function refreshNodes() {
    const body = await api('/api/nodes');
    const seen = new Set();
    for (const d of body.nodes || []) {
      upsert(d);
      seen.add(d.name);
    }
    for (const name of [...nodes.keys()]) if (!seen.has(name)) remove(name);
    setUnknown(body.unknown || []);
    filterAll = true;
    schedule();
  }

  async function refreshGroups() {
    try {
      const body = await api('/api/groups');
      for (const g of body.groups || []) groups.add(g.name);
      fillGroups();
    } catch (e) {
      // the groups also come with the nodes
    }
  }

  function refreshUnknownSoon() {
    if (unknownTimer) return;
    unknownTimer = setTimeout(async () => {
      unknownTimer = 0;
      try {
        const body = await api('/api/unknown');
        setUnknown(body.unknown || []);
      } catch (e) {
        // the next event or view change tries again
      }
    }, 300);
  }

  let unknownShown = '';

  function setUnknown(list) {
    unknown = list.slice().sort((a, b) => String(a.mac).localeCompare(String(b.mac)));
    $('unknown-count').textContent = String(unknown.length);
    // Rebuilt only when it changed, so that a look every few seconds does not take the focus away.
    const text = JSON.stringify(unknown);
    if (text === unknownShown) return;
    unknownShown = text;
    renderUnknown();
  }

  function renderUnknown() {
    const rows = unknown.map((u) => {
      const adopt = el('button', { type: 'button', class: 'adopt-button', text: 'Adopt',
        'aria-label': 'Adopt ' + u.mac });
      adopt.addEventListener('click', () => {
        $('adopt-mac').value = u.mac;
        $('adopt-name').focus();
      });
      return el('tr', { 'data-mac': u.mac },
        el('td', { class: 'mono', 'data-label': 'MAC', text: u.mac }),
        el('td', { 'data-label': 'Subnet', text: u.subnet || '' }),
        el('td', { 'data-label': 'Arch', text: u.arch || '' }),
        el('td', { 'data-label': 'State' }, el('span', { class: 'badge', 'data-phase': phase(u.state), text: u.state || '' })),
        el('td', { 'data-label': 'First seen' }, el('time', { dateTime: u['first-seen'] || '', text: formatTime(u['first-seen']) })),
        el('td', { 'data-label': 'Last seen' }, el('time', { dateTime: u['last-seen'] || '', text: formatTime(u['last-seen']) })),
        el('td', { 'data-label': 'Detail', text: u.detail || '' }),
        el('td', null, adopt));
    });
    $('unknown-rows').replaceChildren(...rows);
    $('unknown-empty').hidden = unknown.length > 0;
    const select = $('adopt-mac');
    const chosen = select.value;
    select.replaceChildren(...unknown.map((u) => el('option', { value: u.mac, text: u.mac })));
    if (unknown.some((u) => u.mac === chosen)) select.value = chosen;
    $('adopt-submit').disabled = unknown.length === 0;
  }

  // ---------------------------------------------------------------------------------------
  // A node's page: facts, a timeline per recent boot, lease, settings.

  function refreshDetailSoon() {
    if (detailTimer) return;
    detailTimer = setTimeout(() => {
      detailTimer = 0;
      if (detailName) loadDetail(detailName);
    }, 250);
  }

  async function loadDetail(name) {
    let d;
    try {
      d = await api('/api/nodes/' + encodeURIComponent(name));
    } catch (e) {
      if (detailName !== name) return;
      $('node-title').textContent = name;
      $('node-facts').replaceChildren();
      $('node-boots').replaceChildren(el('p', { class: 'error', text: e.status === 404 ? 'No node named ' + name + '.' : e.message }));
      $('node-lease').replaceChildren();
      $('node-settings').replaceChildren();
      return;
    }
    if (detailName !== name) return;
    renderDetail(d);
  }

  function renderDetail(d) {
    $('node-title').textContent = d.name;
    const state = d.state || 'unseen';
    const facts = [
      ['MAC', el('span', { class: 'mono', text: d.mac || '' })],
      ['Address', el('span', { class: 'mono', text: d.ip || '' })],
      ['Group', d.group || ''],
      ['Image', d.image || ''],
      ['State', el('span', { class: 'badge', 'data-phase': phase(state), text: state })],
      ['Last boot', d['last-boot'] ? el('time', { dateTime: d['last-boot'], text: formatTime(d['last-boot']) }) : 'never'],
    ];
    $('node-facts').replaceChildren(...facts.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', null, v)]));
    const boots = (d.boots || []).slice(-BOOTS_SHOWN).reverse();
    $('node-boots').replaceChildren(...(boots.length
      ? boots.map((events, i) => renderBoot(events, i === 0))
      : [el('p', { class: 'empty', text: 'No boot recorded yet.' })]));
    $('node-lease').replaceChildren(renderLease(d.lease));
    $('node-settings').replaceChildren(renderSettings(d.settings));
  }

  /** Which bar a stage is drawn in; a stage this page does not know gets a bar of its own. */
  function barOf(stage) {
    for (const b of BARS) if (b.stages.includes(stage)) return b.key;
    return stage;
  }

  /**
   * One boot as a bar per stage. An event marks the end of a step (an address acknowledged, a
   * file sent), so a stage's bar runs from the event before its first one to its last one.
   */
  function renderBoot(events, newest) {
    const sorted = events.slice().sort((a, b) => Date.parse(a.time) - Date.parse(b.time) || a.id - b.id);
    const t0 = Date.parse(sorted[0].time);
    const tEnd = Date.parse(sorted[sorted.length - 1].time);
    const span = Math.max(tEnd - t0, 1);
    const bars = new Map();
    let previous = t0;
    for (const e of sorted) {
      const key = barOf(e.stage);
      const t = Date.parse(e.time);
      let b = bars.get(key);
      if (!b) {
        b = { start: previous, end: t, bytes: 0, events: [] };
        bars.set(key, b);
      }
      b.end = t;
      b.bytes += e.bytes || 0;
      b.events.push(e);
      previous = t;
    }
    const order = BARS.map((b) => b.key);
    const extra = [...bars.keys()].filter((k) => !order.includes(k));
    order.splice(order.length - 1, 0, ...extra);
    const grid = el('div', { class: 'timeline', role: 'list' });
    for (const key of order) {
      const known = BARS.find((b) => b.key === key);
      const label = known ? known.label : key;
      const b = bars.get(key);
      const track = el('div', { class: 'track' });
      let took = '—';
      if (b) {
        const ms = b.end - b.start;
        took = formatSeconds(ms);
        const left = ((b.start - t0) / span) * 100;
        const width = Math.max((ms / span) * 100, 0.6);
        const what = label + ': ' + took + (b.bytes ? ', ' + formatBytes(b.bytes) : '') + ', done at ' + formatTime(new Date(b.end).toISOString());
        const bar = el('div', { class: 'bar', 'data-stage': key, 'data-phase': phase(b.events[b.events.length - 1].stage), title: what });
        // Through the CSSOM: the page's Content-Security-Policy refuses style attributes.
        bar.style.left = left.toFixed(2) + '%';
        bar.style.width = Math.min(width, 100 - left).toFixed(2) + '%';
        track.append(bar);
        track.setAttribute('aria-label', what);
      } else {
        track.setAttribute('aria-label', label + ': not reached');
      }
      grid.append(el('div', { class: 'stage', role: 'listitem', 'data-stage': key, text: label }), track,
        el('div', { class: 'took', text: took }));
    }
    grid.append(el('div', { class: 'axis', 'aria-hidden': 'true' },
      el('span', { text: '0' }), el('span', { text: formatSeconds(span / 2) }), el('span', { text: formatSeconds(span) })));
    const list = el('table', { class: 'events' },
      el('thead', null, el('tr', null, ...['Time', 'Stage', 'Bytes', 'Detail'].map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', null, ...sorted.map((e) => el('tr', null,
        el('td', { 'data-label': 'Time', text: formatTime(e.time) }),
        el('td', { 'data-label': 'Stage', text: e.stage }),
        el('td', { 'data-label': 'Bytes', text: formatBytes(e.bytes) }),
        el('td', { 'data-label': 'Detail', text: e.detail || '' })))));
    const reached = sorted[sorted.length - 1].stage;
    return el('figure', { class: 'boot', 'data-newest': newest ? 'true' : 'false' },
      el('figcaption', { text: 'Boot at ' + formatTime(sorted[0].time) + ' — ' + reached + ' after ' + formatSeconds(span) }),
      grid,
      el('details', { class: 'events' }, el('summary', { text: sorted.length + ' events' }), list));
  }

  function renderLease(lease) {
    if (!lease) return el('p', { class: 'empty', text: 'No lease.' });
    const rows = [['Address', lease.ip], ['MAC', lease.mac], ['State', lease.state], ['Expires', formatTime(lease.expires)],
      ['Subnet', lease.subnet]];
    return el('dl', { class: 'facts', id: 'lease-facts' },
      ...rows.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v == null ? '' : String(v) })]));
  }

  function valueText(v) {
    if (v == null) return '';
    if (typeof v === 'string') return v;
    if (Array.isArray(v) && v.every((x) => typeof x !== 'object')) return v.join(', ');
    return JSON.stringify(v);
  }

  /** Settings as `config show --node` prints them: each value with where it comes from. */
  function renderSettings(settings) {
    const rows = [];
    const walk = (prefix, s) => {
      for (const [k, v] of Object.entries(s || {})) {
        const key = prefix ? prefix + '.' + k : k;
        if (v && typeof v === 'object' && !Array.isArray(v) && 'value' in v) {
          rows.push(el('tr', null, el('th', { scope: 'row', text: key }),
            el('td', { class: 'mono', 'data-label': 'Value', text: valueText(v.value) }),
            el('td', { 'data-label': 'From', text: v.from || '' })));
        } else if (v && typeof v === 'object' && !Array.isArray(v)) {
          walk(key, v);
        } else {
          rows.push(el('tr', null, el('th', { scope: 'row', text: key }),
            el('td', { class: 'mono', 'data-label': 'Value', text: valueText(v) }), el('td')));
        }
      }
    };
    if (Array.isArray(settings)) {
      for (const s of settings) {
        rows.push(el('tr', null, el('th', { scope: 'row', text: s.key }),
          el('td', { class: 'mono', 'data-label': 'Value', text: valueText(s.value) }),
          el('td', { 'data-label': 'From', text: s.from || '' })));
      }
    } else {
      walk('', settings);
    }
    if (!rows.length) return el('p', { class: 'empty', text: 'Nothing set.' });
    return el('table', { class: 'settings', id: 'settings-table' },
      el('thead', null, el('tr', null, el('th', { scope: 'col', text: 'Setting' }), el('th', { scope: 'col', text: 'Value' }),
        el('th', { scope: 'col', text: 'From' }))),
      el('tbody', null, ...rows));
  }

  // ---------------------------------------------------------------------------------------
  // Adopting an unknown MAC.

  async function adopt(e) {
    e.preventDefault();
    const form = $('adopt-form');
    const fields = { mac: $('adopt-mac'), name: $('adopt-name'), ip: $('adopt-ip'), group: $('adopt-group'), image: $('adopt-image') };
    for (const f of Object.values(fields)) f.removeAttribute('aria-invalid');
    $('adopt-error').hidden = true;
    $('adopt-done').hidden = true;
    const mac = fields.mac.value;
    const name = fields.name.value.trim();
    if (!mac) return adoptError('Choose a MAC to adopt.', 'mac');
    if (!name || !fields.name.checkValidity()) return adoptError('name: a host name (letters, digits, dashes) is needed', 'name');
    const input = { name };
    for (const k of ['ip', 'group', 'image']) {
      const v = fields[k].value.trim();
      if (v) input[k] = v;
    }
    $('adopt-submit').disabled = true;
    try {
      const node = await api('/api/unknown/' + encodeURIComponent(mac) + '/adopt', { method: 'POST', json: input });
      if (node && node.name) upsert(node);
      const done = $('adopt-done');
      done.replaceChildren('Adopted ' + mac + ' as ',
        el('a', { href: '#/node/' + encodeURIComponent(node.name), text: node.name }),
        node.ip ? ' (' + node.ip + ').' : '.');
      done.hidden = false;
      form.reset();
      refreshUnknownSoon();
    } catch (err) {
      adoptError(err.status === 403 ? 'This token may only read: adopting needs a read-write token.' : err.message, err.field);
    } finally {
      $('adopt-submit').disabled = unknown.length === 0;
    }
    function adoptError(message, field) {
      const box = $('adopt-error');
      box.textContent = field ? field + ': ' + message.replace(new RegExp('^' + field + ':\\s*'), '') : message;
      box.hidden = false;
      const input = fields[field];
      if (input) {
        input.setAttribute('aria-invalid', 'true');
        input.focus();
      }
    }
  }

  // ---------------------------------------------------------------------------------------
  // Views, chosen by the URL's fragment: #/ (with filters), #/node/NAME, #/unknown.

  function currentView() {
    const h = location.hash;
    if (h.startsWith('#/node/')) return 'node';
    if (h.startsWith('#/unknown')) return 'unknown';
    return 'nodes';
  }

  function route() {
    const view = currentView();
    $('view-nodes').hidden = view !== 'nodes';
    $('view-node').hidden = view !== 'node';
    $('view-unknown').hidden = view !== 'unknown';
    $('nav-nodes').toggleAttribute('aria-current', view === 'nodes');
    $('nav-unknown').toggleAttribute('aria-current', view === 'unknown');
    if (view === 'nodes') $('nav-nodes').setAttribute('aria-current', 'page');
    if (view === 'unknown') $('nav-unknown').setAttribute('aria-current', 'page');
    detailName = null;
    if (view === 'node') {
      detailName = decodeURIComponent(location.hash.slice('#/node/'.length));
      document.title = detailName + ' · bootnode';
      $('node-title').textContent = detailName;
      $('node-boots').replaceChildren(el('p', { class: 'empty', text: 'Loading…' }));
      loadDetail(detailName);
    } else if (view === 'unknown') {
      document.title = 'Unknown MACs · bootnode';
      refreshUnknownSoon();
    } else {
      document.title = 'bootnode';
      const q = location.hash.indexOf('?');
      const params = new URLSearchParams(q < 0 ? '' : location.hash.slice(q + 1));
      $('filter-name').value = params.get('q') || '';
      for (const [id, key] of [['filter-group', 'group'], ['filter-state', 'state']]) {
        const v = params.get(key) || '';
        if (v) ensureOption($(id), v);
        $(id).value = v;
      }
      filterAll = true;
      schedule();
    }
  }

  function start() {
    for (const s of STATES) ensureOption($('filter-state'), s);
    $('filter-name').addEventListener('input', filtersChanged);
    $('filter-group').addEventListener('change', filtersChanged);
    $('filter-state').addEventListener('change', filtersChanged);
    $('filters').addEventListener('submit', (e) => e.preventDefault());
    $('adopt-form').addEventListener('submit', adopt);
    window.addEventListener('hashchange', route);
    route();
    stream();
    refreshGroups();
    // The unknown MACs change with DHCP traffic that is not always a boot event: look again
    // now and then while they are shown.
    setInterval(() => { if (currentView() === 'unknown' && !document.hidden) refreshUnknownSoon(); }, 5000);
  }

  start();
})();
