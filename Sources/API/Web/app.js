// nsbackup — the "Backup and Restore" page.
//
// Plain JavaScript, no build step, no external requests. It talks to the REST API of the
// same origin (/v1/...) with `Authorization: Bearer <token>`, the token kept in sessionStorage.
// It runs under a strict Content-Security-Policy (no inline script or style), and every piece of
// data reaches the page through textContent or attributes, never through HTML parsing.
'use strict';

(() => {
  const TOKEN_KEY = 'nsbackup.token';
  const POLL_MS = 1000;            // job polling interval (backup creation, restore)
  const POLL_MAX_MS = 4000;        // polling backs off to this on transient errors
  const LIST_REFRESH_MS = 3000;    // list refresh while a backup is `creating`
  const TOAST_MS = 8000;           // info and success toasts
  const TOAST_ERROR_MS = 20000;    // error toasts stay longer
  const MAX_TOASTS = 6;
  const STATUS_TEXT = { ready: '(Ready)', creating: '(Creating)', failed: '(Failed)' };

  const $ = (id) => document.getElementById(id);

  const state = {
    backups: [],
    namespaces: [],
    selectedId: null,
    openPanel: null,         // 'create' | 'upload' | 'restore' | null
    panelOpener: null,       // element that gets focus back when the panel closes
    listTimer: 0,
    listSeq: 0,
    listFailed: false,
    deletedIds: new Set(),   // ids this page deleted: a poll that then sees 404 stays quiet
    uploadFile: null,
    uploadAutoName: '',
    uploadXhr: null,
  };

  // ---------------------------------------------------------------- API

  class ApiError extends Error {
    constructor(status, code, detail) {
      super(detail);
      this.status = status;
      this.code = code;
      this.detail = detail;
    }
  }

  const getToken = () => sessionStorage.getItem(TOKEN_KEY) || '';
  const enc = encodeURIComponent;

  // Reads an error answer as RFC 9457 problem and returns an ApiError carrying its `detail`.
  function problemFrom(status, statusText, contentType, text) {
    let detail = '';
    let code = '';
    if (/json/i.test(contentType || '') && text) {
      try {
        const p = JSON.parse(text);
        if (p && typeof p === 'object') {
          if (typeof p.detail === 'string') detail = p.detail.trim();
          if (!detail && typeof p.title === 'string') detail = p.title.trim();
          if (typeof p.code === 'string') code = p.code;
        }
      } catch (_) { /* not JSON after all: fall through to the generic sentence */ }
    }
    if (!detail) detail = `The server answered ${status}${statusText ? ' ' + statusText : ''}.`;
    if (status === 401) onUnauthorized(detail);
    return new ApiError(status, code || 'http_' + status, detail);
  }

  function networkError() {
    return new ApiError(0, 'network', 'The server could not be reached. Check the connection and try again.');
  }

  // fetch() against the API. Returns parsed JSON (null for 204), or the Response when `raw`.
  async function api(method, path, options = {}) {
    const headers = new Headers(options.headers || {});
    headers.set('Authorization', 'Bearer ' + getToken());
    if (!headers.has('Accept')) headers.set('Accept', 'application/json');
    let body = options.body;
    if (options.json !== undefined) {
      headers.set('Content-Type', 'application/json; charset=utf-8');
      body = JSON.stringify(options.json);
    }
    let res;
    try {
      res = await fetch(path, { method, headers, body, cache: 'no-store', credentials: 'same-origin' });
    } catch (_) {
      throw networkError();
    }
    if (!res.ok) {
      let text = '';
      try { text = await res.text(); } catch (_) { /* body lost: generic sentence */ }
      throw problemFrom(res.status, res.statusText, res.headers.get('Content-Type'), text);
    }
    if (options.raw) return res;
    if (res.status === 204) return null;
    try {
      return await res.json();
    } catch (_) {
      throw new ApiError(res.status, 'bad_response', 'The server sent an answer this page cannot read.');
    }
  }

  // Shows an API failure as a toast with the problem's detail. A 401 already brought the token prompt back.
  function reportError(err) {
    if (err instanceof ApiError) {
      if (err.status === 401) return;
      toast(err.detail, 'error');
    } else {
      toast('Something went wrong on this page: ' + (err && err.message ? err.message : String(err)), 'error');
      // Keep the cause for whoever opens the console.
      console.error(err); // eslint-disable-line no-console
    }
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  // Polls `fetchOnce` until `isDone(result)`. Transient failures (network, 5xx) are retried with back-off.
  async function pollUntil(fetchOnce, isDone) {
    let delay = POLL_MS;
    let failures = 0;
    for (;;) {
      await sleep(delay);
      try {
        const value = await fetchOnce();
        failures = 0;
        delay = POLL_MS;
        if (isDone(value)) return value;
      } catch (err) {
        const transient = err instanceof ApiError && (err.status === 0 || err.status >= 500);
        if (!transient || ++failures > 10) throw err;
        delay = Math.min(delay * 2, POLL_MAX_MS);
      }
    }
  }

  // ---------------------------------------------------------------- formatting

  const pad = (n) => String(n).padStart(2, '0');

  // dd-MM-yyyy HH:mm:ss in the browser's local time.
  function formatDate(iso) {
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return iso ? String(iso) : '';
    return `${pad(d.getDate())}-${pad(d.getMonth() + 1)}-${d.getFullYear()} ` +
      `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  }

  function timeValue(iso) {
    const v = Date.parse(iso);
    return Number.isNaN(v) ? 0 : v;
  }

  function sortBackups(list) {
    return list.slice().sort((a, b) =>
      (timeValue(a.createdAt) - timeValue(b.createdAt)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  function formatBytes(n) {
    if (!Number.isFinite(n) || n < 0) return '';
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i += 1; }
    return (i === 0 ? String(n) : n.toFixed(1)) + ' ' + units[i];
  }

  const namespaceName = (b) => (b && b.namespace && typeof b.namespace.name === 'string') ? b.namespace.name : '';
  const withoutZip = (fileName) => fileName.replace(/\.zip$/i, '');

  // The file name from a Content-Disposition header: RFC 6266 / RFC 8187 `filename*` first, then `filename`.
  function fileNameFromDisposition(header) {
    if (!header) return '';
    const star = /(?:^|;)\s*filename\*\s*=\s*([^';]*)'[^';]*'([^;]+)/i.exec(header);
    if (star) {
      const charset = star[1].trim().toLowerCase();
      const value = star[2].trim();
      try {
        if (charset === 'utf-8') return decodeURIComponent(value);
        if (charset === 'iso-8859-1') {
          return value.replace(/%([0-9a-f]{2})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
        }
      } catch (_) { /* malformed escapes: try the plain parameter */ }
    }
    const quoted = /(?:^|;)\s*filename\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(header);
    if (quoted) return quoted[1].replace(/\\(.)/g, '$1');
    const bare = /(?:^|;)\s*filename\s*=\s*([^;\s]+)/i.exec(header);
    return bare ? bare[1] : '';
  }

  // ---------------------------------------------------------------- toasts

  function toast(message, kind = 'info', options = {}) {
    const box = $('toasts');
    const el = document.createElement('div');
    el.className = `toast toast-${kind}` + (options.busy ? ' toast-busy' : '');
    el.dataset.kind = kind;
    if (options.persistent) el.dataset.persistent = 'true';

    const icon = document.createElement('span');
    icon.className = 'toast-icon';
    icon.setAttribute('aria-hidden', 'true');

    const body = document.createElement('div');
    body.className = 'toast-body';
    const text = document.createElement('p');
    text.className = 'toast-text';
    if (kind === 'error') {
      const label = document.createElement('span');
      label.className = 'visually-hidden';
      label.textContent = 'Error: ';
      text.append(label);
    }
    text.append(document.createTextNode(message));
    body.append(text);
    if (options.details && options.details.length) {
      const ul = document.createElement('ul');
      ul.className = 'toast-details';
      for (const line of options.details) {
        const li = document.createElement('li');
        li.textContent = line;
        ul.append(li);
      }
      body.append(ul);
    }

    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'icon-button toast-close';
    close.setAttribute('aria-label', 'Dismiss notification');
    close.title = 'Dismiss';
    close.append($('icon-close').content.cloneNode(true));

    el.append(icon, body, close);

    let timer = 0;
    let dismissed = false;
    const dismiss = () => {
      if (dismissed) return;
      dismissed = true;
      clearTimeout(timer);
      if (el.contains(document.activeElement)) {
        const next = el.nextElementSibling || el.previousElementSibling;
        const nextClose = next && next.querySelector('.toast-close');
        if (nextClose) nextClose.focus(); else focusMainFallback();
      }
      el.remove();
    };
    const lifetime = options.persistent ? 0 : (options.timeout || (kind === 'error' ? TOAST_ERROR_MS : TOAST_MS));
    const arm = () => { if (lifetime) timer = setTimeout(dismiss, lifetime); };
    // People reading or focusing a toast keep it (WCAG 2.2.1).
    el.addEventListener('mouseenter', () => clearTimeout(timer));
    el.addEventListener('mouseleave', arm);
    el.addEventListener('focusin', () => clearTimeout(timer));
    el.addEventListener('focusout', (e) => { if (!el.contains(e.relatedTarget)) arm(); });
    close.addEventListener('click', dismiss);

    box.prepend(el);
    arm();
    // Keep the stack short: drop the oldest toasts that can go (errors and running jobs go last).
    const all = Array.from(box.children);
    for (let i = all.length - 1; i >= MAX_TOASTS; i -= 1) {
      const keep = all[i].dataset.kind === 'error' || all[i].dataset.persistent === 'true';
      if (!keep || all.length > MAX_TOASTS * 2) all[i].remove();
    }
    return { el, dismiss };
  }

  function focusMainFallback() {
    const target = $('main').hidden ? $('token-input') : $('open-create');
    if (target) target.focus();
  }

  // ---------------------------------------------------------------- confirmation dialog

  // Opens the modal confirmation dialog; resolves true for Yes, false for Cancel, Escape or a click outside.
  function confirmDialog({ title, message, initialFocus = 'yes' }) {
    const dialog = $('confirm-dialog');
    if (dialog.open) dialog.close('no');
    $('confirm-title').textContent = title;
    $('confirm-message').textContent = message;
    const opener = document.activeElement;
    dialog.returnValue = '';
    return new Promise((resolve) => {
      dialog.addEventListener('close', () => {
        const yes = dialog.returnValue === 'yes';
        if (opener && opener.isConnected && typeof opener.focus === 'function') opener.focus();
        resolve(yes);
      }, { once: true });
      dialog.showModal();
      (initialFocus === 'cancel' ? $('confirm-cancel') : $('confirm-yes')).focus();
    });
  }

  function bindDialog() {
    const dialog = $('confirm-dialog');
    $('confirm-yes').addEventListener('click', () => dialog.close('yes'));
    $('confirm-cancel').addEventListener('click', () => dialog.close('no'));
    // Escape fires `cancel`, which closes the dialog with an empty returnValue: a no.
    dialog.addEventListener('click', (e) => {
      if (e.target !== dialog) return;
      const r = dialog.getBoundingClientRect();
      const inside = e.clientX >= r.left && e.clientX <= r.right && e.clientY >= r.top && e.clientY <= r.bottom;
      if (!inside) dialog.close('no');
    });
  }

  // ---------------------------------------------------------------- token

  function showTokenView(message, cancellable) {
    stopListRefresh();
    const dialog = $('confirm-dialog');
    if (dialog.open) dialog.close('no');
    $('main').hidden = true;
    $('session-controls').hidden = true;
    $('token-view').hidden = false;
    const error = $('token-error');
    error.textContent = message || '';
    error.hidden = !message;
    $('token-cancel').hidden = !cancellable;
    $('token-submit').disabled = false;
    const input = $('token-input');
    input.value = '';
    input.setAttribute('aria-invalid', message ? 'true' : 'false');
    input.focus();
  }

  function showApp() {
    $('token-view').hidden = true;
    $('main').hidden = false;
    $('session-controls').hidden = false;
  }

  function onUnauthorized(detail) {
    sessionStorage.removeItem(TOKEN_KEY);
    closePanel(false);
    showTokenView('The token was not accepted: ' + detail, false);
  }

  async function submitToken(e) {
    e.preventDefault();
    const value = $('token-input').value.trim();
    if (!value) {
      const error = $('token-error');
      error.textContent = 'Enter a token.';
      error.hidden = false;
      $('token-input').setAttribute('aria-invalid', 'true');
      $('token-input').focus();
      return;
    }
    const previous = getToken();
    sessionStorage.setItem(TOKEN_KEY, value);
    $('token-submit').disabled = true;
    try {
      await loadNamespaces();
    } catch (err) {
      $('token-submit').disabled = false;
      if (err instanceof ApiError && err.status === 401) {
        // The prompt shows the detail. A token that worked before stays, and Cancel goes back to it.
        if (previous) {
          sessionStorage.setItem(TOKEN_KEY, previous);
          $('token-cancel').hidden = false;
        }
        return;
      }
      if (previous) sessionStorage.setItem(TOKEN_KEY, previous); else sessionStorage.removeItem(TOKEN_KEY);
      const error = $('token-error');
      error.textContent = err instanceof ApiError ? err.detail : String(err);
      error.hidden = false;
      $('token-input').focus();
      return;
    }
    $('token-submit').disabled = false;
    state.selectedId = null;
    state.backups = [];
    renderBackups();
    showApp();
    $('main').focus();
    loadBackups();
  }

  // ---------------------------------------------------------------- namespaces

  async function loadNamespaces() {
    const data = await api('GET', '/v1/namespaces');
    state.namespaces = data && Array.isArray(data.namespaces) ? data.namespaces : [];
    for (const id of ['create-ns', 'upload-ns', 'restore-ns']) renderNamespaceOptions(id);
    return state.namespaces;
  }

  // The namespace list of a panel: a radio group, one row per namespace, selection kept across refreshes.
  function renderNamespaceOptions(containerId) {
    const box = $(containerId);
    // Unchanged list: leave the radios alone, so focus and choice stay where they are.
    const signature = JSON.stringify(state.namespaces.map((ns) => [ns.id, ns.name]));
    if (box.dataset.signature === signature) { updateButtons(); return; }
    box.dataset.signature = signature;
    const chosen = checkedValue(containerId);
    const focused = box.contains(document.activeElement) ? document.activeElement.value : null;
    box.replaceChildren();
    if (!state.namespaces.length) {
      const p = document.createElement('p');
      p.className = 'muted empty-ns';
      p.textContent = 'No namespaces available.';
      box.append(p);
    }
    for (const ns of state.namespaces) {
      const label = document.createElement('label');
      label.className = 'ns-option';
      const input = document.createElement('input');
      input.type = 'radio';
      input.name = containerId;
      input.value = ns.id;
      input.checked = ns.id === chosen;
      const span = document.createElement('span');
      span.textContent = ns.name;
      label.append(input, span);
      box.append(label);
      if (ns.id === focused) input.focus();
    }
    if (focused !== null && !box.contains(document.activeElement)) {
      (box.querySelector('input') || $(containerId.replace('-ns', '-panel'))).focus();
    }
    updateButtons();
  }

  function checkedValue(containerId) {
    const input = $(containerId).querySelector('input[type="radio"]:checked');
    return input ? input.value : '';
  }

  const namespaceById = (id) => state.namespaces.find((ns) => ns.id === id) || null;

  // ---------------------------------------------------------------- backups list

  function stopListRefresh() {
    clearTimeout(state.listTimer);
    state.listTimer = 0;
  }

  async function loadBackups() {
    stopListRefresh();
    if (!getToken()) return;
    const seq = ++state.listSeq;
    try {
      const data = await api('GET', '/v1/backups');
      if (seq !== state.listSeq) return;
      state.backups = sortBackups(data && Array.isArray(data.backups) ? data.backups : []);
      state.listFailed = false;
      renderBackups();
    } catch (err) {
      if (seq !== state.listSeq) return;
      if (err instanceof ApiError && err.status === 401) return;
      if (!state.listFailed) reportError(err);
      state.listFailed = true;
      if (!state.backups.length) renderPlaceholder('The list of backups could not be loaded.');
    }
    if (getToken() && state.backups.some((b) => b.status === 'creating')) {
      state.listTimer = setTimeout(loadBackups, LIST_REFRESH_MS);
    }
  }

  function upsertBackup(backup) {
    const i = state.backups.findIndex((b) => b.id === backup.id);
    if (i >= 0) state.backups[i] = backup; else state.backups.push(backup);
    state.backups = sortBackups(state.backups);
    renderBackups();
  }

  function renderPlaceholder(text) {
    const tbody = $('backups-body');
    const tr = document.createElement('tr');
    tr.className = 'placeholder-row';
    tr.setAttribute('role', 'row');
    const td = document.createElement('td');
    td.colSpan = 5;
    td.setAttribute('role', 'cell');
    td.textContent = text;
    tr.append(td);
    tbody.replaceChildren(tr);
  }

  // Updates the table in place, keyed by backup id, so focus and selection survive a refresh.
  function renderBackups() {
    const tbody = $('backups-body');
    for (const tr of tbody.querySelectorAll('tr.placeholder-row')) tr.remove();
    const rows = new Map();
    for (const tr of tbody.querySelectorAll('tr[data-id]')) rows.set(tr.dataset.id, tr);

    let cursor = tbody.firstElementChild;
    for (const backup of state.backups) {
      let tr = rows.get(backup.id);
      if (tr) rows.delete(backup.id); else tr = createRow(backup.id);
      fillRow(tr, backup);
      if (tr === cursor) cursor = cursor.nextElementSibling; else tbody.insertBefore(tr, cursor);
    }
    for (const tr of rows.values()) tr.remove();
    if (!state.backups.length) renderPlaceholder('No backups yet. Use Create New Backup or Upload Backup.');

    if (state.selectedId) {
      const selected = state.backups.find((b) => b.id === state.selectedId);
      if (!selected) closePanel(false); else if (state.openPanel === 'restore') describeRestoreSource(selected);
    }
  }

  function createRow(id) {
    const tr = document.createElement('tr');
    tr.className = 'backup-row';
    tr.dataset.id = id;
    tr.tabIndex = 0;
    tr.setAttribute('role', 'row');
    const labels = ['Name', 'Namespace', 'Creation Date', 'Status', ''];
    const classes = ['col-name', 'col-namespace', 'col-date', 'col-status', 'col-actions'];
    labels.forEach((label, i) => {
      const td = document.createElement('td');
      td.className = classes[i];
      td.setAttribute('role', 'cell');
      if (label) td.dataset.label = label;
      tr.append(td);
    });

    const download = document.createElement('button');
    download.type = 'button';
    download.className = 'icon-button download-button';
    download.append($('icon-download').content.cloneNode(true));
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'icon-button delete-button';
    remove.append($('icon-delete').content.cloneNode(true));
    tr.lastElementChild.append(download, remove);

    const current = () => state.backups.find((b) => b.id === id);
    download.addEventListener('click', () => { const b = current(); if (b) downloadBackup(b, download); });
    remove.addEventListener('click', () => { const b = current(); if (b) deleteBackup(b, remove); });
    tr.addEventListener('click', (e) => {
      if (e.target.closest('button')) return;
      toggleSelection(id);
    });
    tr.addEventListener('keydown', (e) => {
      if (e.target !== tr) return;
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        toggleSelection(id);
      } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        const next = e.key === 'ArrowDown' ? tr.nextElementSibling : tr.previousElementSibling;
        if (next && next.dataset.id) { e.preventDefault(); next.focus(); }
      }
    });
    return tr;
  }

  function fillRow(tr, b) {
    const [nameCell, nsCell, dateCell, statusCell, actionsCell] = tr.children;
    nameCell.textContent = b.name;

    nsCell.replaceChildren();
    const nsName = document.createElement('span');
    nsName.textContent = namespaceName(b);
    nsCell.append(nsName);
    if (b.namespace && b.namespace.id == null) {
      const gone = document.createElement('span');
      gone.className = 'ns-deleted';
      gone.textContent = ' (deleted)';
      gone.title = 'This namespace no longer exists; the backup can still be restored into another one.';
      nsCell.append(gone);
    }

    dateCell.replaceChildren();
    const time = document.createElement('time');
    time.dateTime = b.createdAt || '';
    time.textContent = formatDate(b.createdAt);
    time.title = b.createdAt || '';
    dateCell.append(time);

    statusCell.replaceChildren();
    const status = document.createElement('span');
    status.className = 'status status-' + (STATUS_TEXT[b.status] ? b.status : 'unknown');
    status.textContent = STATUS_TEXT[b.status] || `(${b.status})`;
    statusCell.append(status);
    if (b.status === 'failed') {
      const why = b.error || 'The backup failed.';
      status.title = why;
      const sr = document.createElement('span');
      sr.className = 'visually-hidden status-error';
      sr.textContent = ': ' + why;
      statusCell.append(sr);
    }
    tr.title = b.status === 'failed' ? (b.error || 'The backup failed.') : '';

    const [download, remove] = actionsCell.querySelectorAll('button');
    download.setAttribute('aria-label', `Download backup ${b.name}`);
    download.title = b.status === 'ready'
      ? 'Download' + (Number.isFinite(b.sizeBytes) ? ` (${formatBytes(b.sizeBytes)})` : '')
      : 'Available when the backup is ready';
    if (!download.classList.contains('is-busy')) download.disabled = b.status !== 'ready';
    remove.setAttribute('aria-label', `Delete backup ${b.name}`);
    remove.title = b.status === 'creating' ? 'Delete (cancels the backup)' : 'Delete';

    const selected = b.id === state.selectedId;
    tr.classList.toggle('is-selected', selected);
    if (selected) tr.setAttribute('aria-current', 'true'); else tr.removeAttribute('aria-current');
    tr.classList.toggle('is-failed', b.status === 'failed');
  }

  function rowFor(id) {
    return $('backups-body').querySelector(`tr[data-id="${CSS.escape(id)}"]`);
  }

  function flashRow(id) {
    const tr = rowFor(id);
    if (!tr) return;
    tr.classList.remove('is-new');
    void tr.offsetWidth; // restart the animation
    tr.classList.add('is-new');
    tr.scrollIntoView({ block: 'nearest' });
  }

  // ---------------------------------------------------------------- panels

  const PANELS = { create: 'create-panel', upload: 'upload-panel', restore: 'restore-panel' };
  const PANEL_BUTTONS = { create: 'open-create', upload: 'open-upload' };

  function openPanel(name, opener) {
    if (state.openPanel && state.openPanel !== name) closePanel(false);
    state.openPanel = name;
    state.panelOpener = opener || null;
    for (const [key, id] of Object.entries(PANELS)) $(id).hidden = key !== name;
    for (const [key, id] of Object.entries(PANEL_BUTTONS)) $(id).setAttribute('aria-expanded', String(key === name));
    renderNamespaceOptions(name + '-ns');
    loadNamespaces().catch(reportError);
    updateButtons();
    $(PANELS[name]).scrollIntoView({ block: 'nearest' });
  }

  function closePanel(returnFocus = true) {
    const name = state.openPanel;
    if (!name) return;
    if (name === 'upload' && state.uploadXhr) state.uploadXhr.abort();
    $(PANELS[name]).hidden = true;
    if (PANEL_BUTTONS[name]) $(PANEL_BUTTONS[name]).setAttribute('aria-expanded', 'false');
    resetPanel(name);
    const opener = state.panelOpener;
    state.openPanel = null;
    state.panelOpener = null;
    if (name === 'restore') setSelection(null);
    if (returnFocus) {
      if (opener && opener.isConnected) opener.focus(); else focusMainFallback();
    }
  }

  function resetPanel(name) {
    const radios = $(name + '-ns').querySelectorAll('input[type="radio"]');
    for (const r of radios) r.checked = false;
    if (name === 'create') $('create-name').value = '';
    if (name === 'upload') {
      $('upload-form').reset();
      state.uploadFile = null;
      state.uploadAutoName = '';
      showUploadFile();
      setUploading(false);
    }
    if (name === 'restore') $('restore-safety').checked = false;
    updateButtons();
  }

  function updateButtons() {
    $('create-start').disabled = !(checkedValue('create-ns') && $('create-name').value.trim());
    $('upload-confirm').disabled = !!state.uploadXhr ||
      !(state.uploadFile && $('upload-name').value.trim() && checkedValue('upload-ns'));
    const selected = state.backups.find((b) => b.id === state.selectedId);
    $('restore-start').disabled = !(selected && selected.status === 'ready' && checkedValue('restore-ns'));
  }

  // ---------------------------------------------------------------- create

  async function submitCreate(e) {
    e.preventDefault();
    updateButtons();
    if ($('create-start').disabled) return;
    const ns = namespaceById(checkedValue('create-ns'));
    const name = $('create-name').value.trim();
    if (!ns) return;
    const yes = await confirmDialog({
      title: 'Confirm New Backup Creation',
      message: `Are you sure you want to create backup of namespace "${ns.name}"?`,
    });
    if (!yes) return;
    $('create-start').disabled = true;
    let backup;
    try {
      backup = await api('POST', `/v1/namespaces/${enc(ns.id)}/backups`, { json: { name } });
    } catch (err) {
      reportError(err);
      updateButtons();
      return;
    }
    closePanel(true);
    toast('Backup process started', 'success');
    upsertBackup(backup);
    flashRow(backup.id);
    await followBackup(backup);
  }

  async function followBackup(backup) {
    let final = backup;
    if (backup.status === 'creating') {
      const progress = toast('Creating backup.', 'info', { persistent: true, busy: true });
      loadBackups(); // starts the list refresh while it is creating
      try {
        final = await pollUntil(() => api('GET', `/v1/backups/${enc(backup.id)}`), (b) => b.status !== 'creating');
      } catch (err) {
        progress.dismiss();
        if (err instanceof ApiError && err.status === 404 && state.deletedIds.has(backup.id)) {
          toast(`Backup "${backup.name}" was deleted before it was finished.`, 'info');
        } else {
          reportError(err);
        }
        loadBackups();
        return;
      }
      progress.dismiss();
    }
    if (final.status === 'ready') {
      toast('Backup process finished successfully', 'success');
    } else if (final.status === 'failed') {
      toast(final.error || `Backup "${final.name}" failed.`, 'error');
    }
    upsertBackup(final);
    loadBackups();
  }

  // ---------------------------------------------------------------- upload

  function showUploadFile() {
    const file = state.uploadFile;
    $('upload-browse').hidden = !!file;
    $('upload-file-name').hidden = !file;
    $('upload-change').hidden = !file;
    $('upload-file-name').textContent = file ? file.name : '';
  }

  function chooseFile() {
    const input = $('upload-file');
    input.value = '';
    input.click();
  }

  function onFileChosen() {
    const file = $('upload-file').files && $('upload-file').files[0];
    if (!file) return; // picker cancelled: keep the previous file
    const nameInput = $('upload-name');
    const suggested = withoutZip(file.name).trim();
    if (!nameInput.value.trim() || nameInput.value === state.uploadAutoName) {
      nameInput.value = suggested;
      state.uploadAutoName = suggested;
    }
    state.uploadFile = file;
    showUploadFile();
    updateButtons();
    $('upload-change').focus();
  }

  function setUploading(on) {
    const form = $('upload-form');
    for (const el of form.querySelectorAll('input, button')) {
      if (el.id !== 'upload-cancel') el.disabled = on;
    }
    $('upload-cancel').textContent = on ? 'Cancel Upload' : 'Cancel';
    $('upload-progress-row').hidden = !on;
    if (!on) {
      $('upload-progress').value = 0;
      $('upload-progress-text').textContent = '';
      updateButtons();
    }
  }

  // XMLHttpRequest rather than fetch: it reports upload progress.
  function postFile(url, file, onProgress) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      state.uploadXhr = xhr;
      xhr.open('POST', url);
      xhr.setRequestHeader('Authorization', 'Bearer ' + getToken());
      xhr.setRequestHeader('Content-Type', 'application/zip');
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.upload.addEventListener('progress', (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size));
      xhr.addEventListener('load', () => {
        state.uploadXhr = null;
        if (xhr.status >= 200 && xhr.status < 300) {
          try { resolve(JSON.parse(xhr.responseText)); } catch (_) {
            reject(new ApiError(xhr.status, 'bad_response', 'The server sent an answer this page cannot read.'));
          }
        } else {
          reject(problemFrom(xhr.status, xhr.statusText, xhr.getResponseHeader('Content-Type'), xhr.responseText));
        }
      });
      xhr.addEventListener('error', () => { state.uploadXhr = null; reject(networkError()); });
      xhr.addEventListener('abort', () => { state.uploadXhr = null; reject(new ApiError(0, 'aborted', 'Upload cancelled.')); });
      xhr.send(file);
    });
  }

  async function submitUpload(e) {
    e.preventDefault();
    updateButtons();
    if ($('upload-confirm').disabled) return;
    const ns = namespaceById(checkedValue('upload-ns'));
    const file = state.uploadFile;
    const name = $('upload-name').value.trim();
    if (!ns || !file) return;
    const url = `/v1/namespaces/${enc(ns.id)}/backups/upload?name=${enc(name)}&filename=${enc(file.name)}`;
    setUploading(true);
    const bar = $('upload-progress');
    const label = $('upload-progress-text');
    let backup;
    try {
      backup = await postFile(url, file, (loaded, total) => {
        const percent = total ? Math.floor((loaded / total) * 100) : 0;
        bar.value = percent;
        label.textContent = `${formatBytes(loaded)} of ${formatBytes(total)} (${percent}%)`;
      });
    } catch (err) {
      setUploading(false);
      if (err instanceof ApiError && err.code === 'aborted') {
        if (state.openPanel === 'upload') toast('Upload cancelled', 'info');
        return;
      }
      reportError(err);
      return;
    }
    setUploading(false);
    closePanel(true);
    toast('Upload successful', 'success');
    upsertBackup(backup);
    flashRow(backup.id);
    loadBackups();
  }

  function cancelUpload() {
    if (state.uploadXhr) { state.uploadXhr.abort(); return; }
    closePanel(true);
  }

  // ---------------------------------------------------------------- restore

  function setSelection(id) {
    state.selectedId = id;
    for (const tr of $('backups-body').querySelectorAll('tr[data-id]')) {
      const on = tr.dataset.id === id;
      tr.classList.toggle('is-selected', on);
      if (on) tr.setAttribute('aria-current', 'true'); else tr.removeAttribute('aria-current');
    }
  }

  function toggleSelection(id) {
    if (state.selectedId === id && state.openPanel === 'restore') {
      closePanel(true);
      return;
    }
    const backup = state.backups.find((b) => b.id === id);
    if (!backup) return;
    const row = rowFor(id);
    if (state.openPanel) closePanel(false);
    setSelection(id);
    openPanel('restore', row);
    describeRestoreSource(backup);
    const first = $('restore-ns').querySelector('input');
    if (first) first.focus();
  }

  function describeRestoreSource(backup) {
    $('restore-source').textContent =
      `Restore backup "${backup.name}" of "${namespaceName(backup)}", created ${formatDate(backup.createdAt)}, into:`;
    $('restore-not-ready').hidden = backup.status === 'ready';
    updateButtons();
  }

  async function submitRestore(e) {
    e.preventDefault();
    updateButtons();
    if ($('restore-start').disabled) return;
    const backup = state.backups.find((b) => b.id === state.selectedId);
    const ns = namespaceById(checkedValue('restore-ns'));
    if (!backup || !ns) return;
    const safetyBackup = $('restore-safety').checked;
    const yes = await confirmDialog({
      title: 'Confirm Namespace Restoration',
      message: `Are you sure you want to overwrite "${ns.name}" with the selected backup? ` +
        `You will lose all unsaved work in "${ns.name}".`,
      initialFocus: 'cancel',
    });
    if (!yes) return;
    closePanel(true);
    const progress = toast('Restoring backup...', 'info', { persistent: true, busy: true });
    let restore;
    try {
      restore = await api('POST', `/v1/namespaces/${enc(ns.id)}/restore`, { json: { backupId: backup.id, safetyBackup } });
      if (restore.status === 'running') {
        if (safetyBackup) loadBackups();
        restore = await pollUntil(() => api('GET', `/v1/restores/${enc(restore.id)}`), (r) => r.status !== 'running');
      }
    } catch (err) {
      progress.dismiss();
      reportError(err);
      return;
    }
    progress.dismiss();
    reportRestore(restore, ns);
    if (safetyBackup) loadBackups();
  }

  function reportRestore(restore, ns) {
    if (restore.status !== 'succeeded') {
      toast(restore.error || `The restore into "${ns.name}" failed.`, 'error');
      return;
    }
    const report = restore.report || {};
    const warnings = Array.isArray(report.warnings) ? report.warnings.filter((w) => typeof w === 'string') : [];
    const details = [];
    if (Number.isFinite(report.folders) && Number.isFinite(report.items)) {
      details.push(`"${ns.name}" now holds ${report.folders} folder${report.folders === 1 ? '' : 's'} ` +
        `and ${report.items} item${report.items === 1 ? '' : 's'} from the backup.`);
    }
    if (report.migratedFromSchemaVersion != null) {
      details.push(`The archive was upgraded from schema version ${report.migratedFromSchemaVersion}.`);
    }
    if (report.safetyBackupId) details.push('A safety backup of the previous content was made first.');
    details.push(...warnings);
    toast('Restore finished successfully', warnings.length ? 'warning' : 'success',
      { details, persistent: warnings.length > 0 });
  }

  // ---------------------------------------------------------------- download

  // A plain link cannot send the Authorization header: fetch the archive, then save the Blob.
  async function downloadBackup(backup, button) {
    button.disabled = true;
    button.classList.add('is-busy');
    button.setAttribute('aria-busy', 'true');
    let progress = null;
    const lazy = setTimeout(() => { progress = toast(`Downloading "${backup.name}"…`, 'info', { persistent: true, busy: true }); }, 600);
    try {
      const res = await api('GET', `/v1/backups/${enc(backup.id)}/archive`, { raw: true, headers: { Accept: 'application/zip' } });
      const fileName = (fileNameFromDisposition(res.headers.get('Content-Disposition')) ||
        backup.fileName || `${backup.name}.zip`).replace(/[/\\]/g, '_');
      const blob = await readBody(res);
      saveBlob(blob, fileName);
    } catch (err) {
      reportError(err);
    } finally {
      clearTimeout(lazy);
      if (progress) progress.dismiss();
      button.classList.remove('is-busy');
      button.removeAttribute('aria-busy');
      const current = state.backups.find((b) => b.id === backup.id);
      button.disabled = !current || current.status !== 'ready';
    }
  }

  async function readBody(res) {
    if (!res.body || !res.body.getReader) return res.blob();
    const reader = res.body.getReader();
    const parts = [];
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
      }
    } catch (_) {
      throw new ApiError(0, 'network', 'The download was interrupted. Try again.');
    }
    return new Blob(parts, { type: 'application/zip' });
  }

  function saveBlob(blob, fileName) {
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    a.hidden = true;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  // ---------------------------------------------------------------- delete

  async function deleteBackup(backup, button) {
    const yes = await confirmDialog({
      title: 'Confirm Deletion',
      message: `Are you sure you want to delete backup "${backup.name}"?`,
      initialFocus: 'cancel',
    });
    if (!yes) return;
    button.disabled = true;
    try {
      await api('DELETE', `/v1/backups/${enc(backup.id)}`);
    } catch (err) {
      button.disabled = false;
      if (!(err instanceof ApiError && err.status === 404)) { reportError(err); return; }
    }
    state.deletedIds.add(backup.id);
    // Focus goes to the row that takes this one's place (or the one before), not to the page's start.
    const row = rowFor(backup.id);
    const neighbour = row && (row.nextElementSibling || row.previousElementSibling);
    const hadFocus = row && row.contains(document.activeElement);
    state.backups = state.backups.filter((b) => b.id !== backup.id);
    if (state.selectedId === backup.id) closePanel(false);
    renderBackups();
    if (hadFocus || document.activeElement === document.body) {
      const target = neighbour && neighbour.isConnected && neighbour.dataset.id
        ? neighbour.querySelector('.delete-button') : $('open-create');
      target.focus();
    }
    toast(`Backup "${backup.name}" deleted`, 'success');
    loadBackups();
  }

  // ---------------------------------------------------------------- wiring

  function bind() {
    bindDialog();
    $('token-form').addEventListener('submit', submitToken);
    $('token-cancel').addEventListener('click', () => {
      if (!getToken()) return;
      showApp();
      $('change-token').focus();
      loadBackups();
    });
    $('change-token').addEventListener('click', () => showTokenView('', true));
    $('forget-token').addEventListener('click', () => {
      sessionStorage.removeItem(TOKEN_KEY);
      closePanel(false);
      state.backups = [];
      state.namespaces = [];
      state.selectedId = null;
      renderBackups();
      showTokenView('', false);
    });

    $('open-create').addEventListener('click', (e) => {
      if (state.openPanel === 'create') { closePanel(true); return; }
      openPanel('create', e.currentTarget);
      const first = $('create-ns').querySelector('input');
      (first || $('create-name')).focus();
    });
    $('open-upload').addEventListener('click', (e) => {
      if (state.openPanel === 'upload') { closePanel(true); return; }
      openPanel('upload', e.currentTarget);
      $('upload-browse').focus();
    });

    $('create-form').addEventListener('submit', submitCreate);
    $('create-form').addEventListener('input', updateButtons);
    $('create-form').addEventListener('change', updateButtons);
    $('create-cancel').addEventListener('click', () => closePanel(true));

    $('upload-form').addEventListener('submit', submitUpload);
    $('upload-form').addEventListener('input', updateButtons);
    $('upload-form').addEventListener('change', (e) => { if (e.target.id !== 'upload-file') updateButtons(); });
    $('upload-browse').addEventListener('click', chooseFile);
    $('upload-change').addEventListener('click', chooseFile);
    $('upload-file').addEventListener('change', onFileChosen);
    $('upload-name').addEventListener('input', () => { state.uploadAutoName = ''; });
    $('upload-cancel').addEventListener('click', cancelUpload);

    $('restore-form').addEventListener('submit', submitRestore);
    $('restore-form').addEventListener('change', updateButtons);
    $('restore-cancel').addEventListener('click', () => closePanel(true));

    // Escape in an open section cancels it (dialogs handle their own Escape).
    for (const id of Object.values(PANELS)) {
      $(id).addEventListener('keydown', (e) => {
        if (e.key !== 'Escape' || e.defaultPrevented) return;
        e.preventDefault();
        if (id === 'upload-panel') cancelUpload(); else closePanel(true);
      });
    }

    // Coming back to the tab: pick up what others changed meanwhile.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible' && getToken() && !$('main').hidden) loadBackups();
    });

    window.addEventListener('beforeunload', (e) => {
      if (state.uploadXhr) { e.preventDefault(); e.returnValue = ''; }
    });
  }

  function start() {
    bind();
    if (!getToken()) {
      showTokenView('', false);
      return;
    }
    showApp();
    loadNamespaces().catch(reportError);
    loadBackups();
  }

  start();
})();
