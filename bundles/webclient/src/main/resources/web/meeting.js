// The meeting view: one signaling WebSocket, the roster, chat, waiting room and host controls, and the
// media (camera, microphone, screen) through the SFU (media.js).
import { MediaSession } from '/media.js';

const esc = (text) => String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

const NOTICES = {
  'invalid-ticket': 'Your join link has expired. Join again with the meeting ID and passcode.',
  'meeting-ended': 'The host has ended this meeting.',
  'meeting-full': 'This meeting is full.',
  removed: 'A host removed you from this meeting.',
  'waiting-room-unavailable': 'The waiting room is not available right now. Try again in a moment.',
  'meeting-not-found': 'This meeting no longer exists.',
  'unsupported-protocol': 'This page is out of date. Reload it and join again.',
};

// Refusals while in the meeting, said the way a participant understands them.
const FLASHES = {
  'unmute-not-allowed': 'The host muted everyone and does not allow unmuting for now.',
  'screen-share-busy': 'Someone else is sharing their screen. Ask them to stop first.',
  'chat-restricted': 'The host has restricted the chat.',
  'media-unavailable': 'Audio and video are not available on this server right now; chat still works.',
  forbidden: 'Only a host can do that.',
  'rate-limited': 'Slow down a little: too many messages at once.',
};

const SPEAKER_POLL_MS = 250;
// Below this inbound audioLevel (0..1) a participant counts as silent.
const SPEAKING_LEVEL = 0.02;
const PHONE_WIDTH = window.matchMedia('(max-width: 600px)');

// Tiles per gallery page: a 3x3 grid on a desktop, 2x2 on a phone.
const pageSize = () => (PHONE_WIDTH.matches ? 4 : 9);

const initials = (name) => String(name || '?').split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0].toUpperCase()).join('');

export class MeetingView {
  // choices: what the pre-join screen chose (audioMuted, videoMuted, audioDeviceId, videoDeviceId).
  constructor(root, answer, choices = {}) {
    this.root = root;
    this.answer = answer;
    this.choices = choices;
    this.choicesApplied = false;
    this.page = 0;
    this.layout = 'gallery';
    this.activeSpeakerId = null;
    this.roster = new Map();
    this.waiting = [];
    this.me = null;
    this.meeting = null;
    this.resume = null;
    this.closedByUs = false;
    this.retries = 0;
    // Tiles change size with the window, the page of the gallery and the screen stage: each change
    // re-tells the SFU what is shown (reportReceiveVideo).
    this.resizeObserver = typeof ResizeObserver === 'function' ? new ResizeObserver(() => this.reportReceiveVideo()) : null;
  }

  start() {
    this.root.innerHTML = `<section class="card" id="lobby"><h1 id="meeting-title">${esc(this.answer.title)}</h1>
      <p id="notice" class="notice" role="status">Connecting…</p></section>`;
    this.connect();
    document.addEventListener('keydown', this.shortcuts = (event) => {
      if (!event.altKey || !this.me) return;
      if (event.key === 'a' || event.key === 'A') { event.preventDefault(); this.toggleAudio(); }
      if (event.key === 'v' || event.key === 'V') { event.preventDefault(); this.toggleVideo(); }
    });
  }

  connect() {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    this.ws = new WebSocket(`${scheme}://${location.host}/ws`);
    this.ws.onopen = () => {
      this.retries = 0;
      this.connections = (this.connections || 0) + 1; // how many times this view opened /ws (debug, tests)
      const join = { type: 'join', id: 'join', ticket: this.answer.ticket, protocol: 1 };
      if (this.resume) join.resume = this.resume;
      this.send(join);
    };
    this.ws.onmessage = (event) => this.onMessage(JSON.parse(event.data));
    this.ws.onclose = () => this.onClose();
  }

  send(message) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  notice(text, kind = 'info') {
    let el = document.getElementById('notice');
    if (!el) {
      el = document.createElement('p');
      el.id = 'notice';
      this.root.prepend(el);
    }
    el.className = `notice ${kind}`;
    el.textContent = text;
  }

  onClose() {
    if (this.closedByUs) return;
    if (this.me && this.retries < 5) {
      this.retries += 1;
      this.notice(`Connection lost, reconnecting… (attempt ${this.retries} of 5)`, 'warn');
      setTimeout(() => this.connect(), 500 * this.retries);
    } else if (!this.ended) {
      this.end('Connection lost. Check your network, then join again.');
    }
  }

  onMessage(m) {
    if (this.media?.onMessage(m)) return;
    switch (m.type) {
      case 'ping': this.send({ type: 'pong' }); break;
      case 'waiting': this.showWaiting(m); break;
      case 'admitted': this.notice('You have been admitted.'); break;
      case 'denied': this.end(m.message || 'The host did not let you in.'); break;
      case 'joined': this.onJoined(m); break;
      case 'participant-joined': case 'participant-updated': this.roster.set(m.participant.id, m.participant); if (m.participant.id === this.me?.id) { this.me = m.participant; this.applyOwnMedia(); } this.renderRoster(); this.renderControls(); break;
      case 'participant-left': this.roster.delete(m.participantId); this.renderRoster(); if (m.participantId === this.activeSpeakerId) this.activeSpeakerId = null; break;
      case 'meeting-updated': Object.assign(this.meeting, m); this.renderHeader(); this.renderControls(); break;
      case 'waiting-room': this.waiting = m.waiting; this.renderWaiting(); break;
      case 'muted-by-host': this.flash('A host muted you.'); break;
      case 'video-stopped-by-host': this.flash('A host turned your video off.'); break;
      case 'unmute-requested': this.flash('A host asks you to unmute.'); break;
      case 'role-changed': this.flash(`Your role is now ${m.role.replace('_', '-')}.`); break;
      case 'removed': this.end(NOTICES.removed); break;
      case 'meeting-ended': this.end(NOTICES['meeting-ended']); break;
      case 'video-paused': this.pausedForBandwidth = new Set(m.tracks || []); this.markPausedVideos(); break;
      case 'dominant-speaker': this.onDominantSpeaker(m); break;
      case 'chat': this.addChat(m); break;
      case 'chat-history': m.messages.forEach((c) => this.addChat(c)); break;
      case 'chat-policy': this.flash(`Chat: ${m.policy}`); break;
      case 'reaction': this.flash(`${this.roster.get(m.participantId)?.name || 'Someone'} ${m.emoji}`); break;
      case 'error': this.onError(m); break;
      default: break;
    }
  }

  onError(m) {
    if (NOTICES[m.code] && !this.me) return this.end(NOTICES[m.code]);
    this.flash(FLASHES[m.code] || m.message || m.code, 'error');
  }

  // The server does not say why someone waits (waiting room or a locked meeting), so the text covers both.
  showWaiting(m) {
    this.root.innerHTML = `<section class="card narrow" id="lobby"><h1 id="meeting-title">${esc(m.title || this.answer.title)}</h1>
      <p id="notice" class="notice" role="status">Please wait, the host will let you in soon.</p>
      <p class="muted">This meeting has a waiting room or the host has locked it. You join as soon as a host admits you.</p>
      <button id="leave-waiting" class="secondary">Leave</button></section>`;
    document.getElementById('leave-waiting').onclick = () => { this.send({ type: 'leave' }); this.end('You left the waiting room.'); };
    document.body.dataset.state = 'waiting';
  }

  end(text) {
    this.ended = true;
    this.closedByUs = true;
    document.removeEventListener('keydown', this.shortcuts);
    clearInterval(this.speakerTimer);
    this.resizeObserver?.disconnect();
    PHONE_WIDTH.removeEventListener('change', this.onWidthChange);
    this.ws?.close();
    this.media?.close();
    this.media = null;
    this.root.innerHTML = `<section class="card"><p id="notice" class="notice error" role="alert">${esc(text)}</p>
      <a href="#/">Back to start</a></section>`;
    document.body.dataset.state = 'ended';
  }

  flash(text, kind = 'info') {
    const el = document.getElementById('flash');
    if (!el) return;
    el.className = `flash ${kind}`;
    el.textContent = text;
  }

  onJoined(m) {
    this.me = m.you;
    this.meeting = m.meeting;
    this.resume = { participantId: m.you.id, token: m.resumeToken };
    this.roster = new Map(m.roster.map((p) => [p.id, p]));
    document.body.dataset.state = 'in-meeting';
    this.root.innerHTML = `
      <section class="meeting-layout">
        <div class="stage">
          <header class="meeting-header" id="meeting-header"></header>
          <p id="flash" class="flash" role="status"></p>
          <div class="stage-media" id="stage-media"><div id="screen-stage" class="screen-stage" hidden><video id="screen-video" autoplay playsinline muted></video>
            <span id="screen-label" class="tile-name"></span></div>
          <div class="gallery-area"><div id="gallery" class="gallery"></div>
            <div class="pager" id="gallery-pager"><button id="gallery-prev" class="small secondary" aria-label="Previous page">‹ Prev</button>
              <span id="gallery-page" class="muted">1 / 1</span>
              <button id="gallery-next" class="small secondary" aria-label="Next page">Next ›</button></div></div></div>
          <div id="controls" class="controls"></div>
        </div>
        <aside class="side">
          <div class="card" id="waiting-panel" hidden><h2>Waiting room</h2><ul id="waiting-list"></ul>
            <button id="admit-all">Admit all</button></div>
          <div class="card"><h2>Participants (<span id="count">0</span>)</h2><ul id="roster" class="roster"></ul></div>
          <div class="card chat"><h2>Chat</h2><ul id="chat-log" class="chat-log"></ul>
            <form id="chat-form"><select id="chat-to" aria-label="Send to"></select>
              <input id="chat-text" aria-label="Message" autocomplete="off" maxlength="4000" placeholder="Message">
              <button type="submit" id="chat-send">Send</button></form></div>
        </aside>
      </section>`;
    document.getElementById('chat-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const input = document.getElementById('chat-text');
      if (!input.value.trim()) return;
      const to = document.getElementById('chat-to').value;
      this.send(to ? { type: 'chat', text: input.value, to } : { type: 'chat', text: input.value });
      input.value = '';
    });
    document.getElementById('admit-all').onclick = () => this.send({ type: 'admit-all' });
    document.getElementById('gallery-prev').onclick = () => { this.page -= 1; this.layoutGallery(); };
    document.getElementById('gallery-next').onclick = () => { this.page += 1; this.layoutGallery(); };
    PHONE_WIDTH.removeEventListener('change', this.onWidthChange);
    PHONE_WIDTH.addEventListener('change', this.onWidthChange = () => this.layoutGallery());
    this.applyJoinChoices();
    this.renderHeader();
    this.renderRoster();
    this.renderControls();
    this.renderWaiting();
    this.startMedia();
    clearInterval(this.speakerTimer);
    this.speakerTimer = setInterval(() => this.updateActiveSpeaker(), SPEAKER_POLL_MS);
  }

  // Once, on the first join: tell the server what the pre-join screen chose. The seat is updated at once
  // so the media starts in that state; the server confirms with participant-updated. A host's mute on
  // entry wins over a choice to join unmuted.
  applyJoinChoices() {
    if (this.choicesApplied) return;
    this.choicesApplied = true;
    const wantAudioMuted = !!this.choices.audioMuted;
    const wantVideoMuted = !!this.choices.videoMuted;
    if (wantAudioMuted && !this.me.audioMuted) this.send({ type: 'mute', kind: 'audio' });
    if (wantVideoMuted !== !!this.me.videoMuted) this.send({ type: wantVideoMuted ? 'mute' : 'unmute', kind: 'video' });
    this.me = { ...this.me, audioMuted: this.me.audioMuted || wantAudioMuted, videoMuted: wantVideoMuted };
    this.roster.set(this.me.id, this.me);
  }

  // The SFU's dominant speaker (docs/protocol.md): once it has said one, it decides the big tile; the most
  // recent speaker other than you, since your own face on the big tile helps nobody.
  onDominantSpeaker(m) {
    this.serverSpeaker = true;
    const speakers = [m.participantId, ...(m.speakers || [])];
    const next = speakers.find((id) => id && id !== this.me?.id && this.roster.has(id)) || this.activeSpeakerId;
    if (next !== this.activeSpeakerId) {
      this.activeSpeakerId = next;
      if (this.layout === 'speaker') this.layoutGallery();
    }
  }

  // Every ~250 ms: the loudest remote microphone above silence gets the speaking ring and, until the SFU
  // names a dominant speaker, becomes the active speaker; when everyone is quiet the last speaker stays, so
  // the big tile does not flicker.
  async updateActiveSpeaker() {
    if (!this.media) return;
    const levels = await this.media.audioLevels().catch(() => ({}));
    let loudest = null;
    for (const [id, level] of Object.entries(levels)) {
      const p = this.roster.get(id);
      if (!p || p.audioMuted || level < SPEAKING_LEVEL) continue;
      if (!loudest || level > loudest.level) loudest = { id, level };
    }
    document.querySelectorAll('#gallery .tile').forEach((t) => t.classList.toggle('speaking', t.dataset.id === loudest?.id));
    if (this.serverSpeaker) return;
    const next = loudest?.id || (this.roster.has(this.activeSpeakerId) ? this.activeSpeakerId : null);
    if (next !== this.activeSpeakerId) {
      this.activeSpeakerId = next;
      if (this.layout === 'speaker') this.layoutGallery();
    }
  }

  toggleLayout() {
    this.layout = this.layout === 'gallery' ? 'speaker' : 'gallery';
    this.page = 0;
    this.renderControls();
    this.layoutGallery();
  }

  startMedia() {
    if (this.media) {
      // Back after a signaling reconnect: the layout was rebuilt, so media starts over on fresh connections.
      this.media.close();
    }
    this.media = new MediaSession((message) => this.send(message), this);
    window.parleyMedia = this.media;
    window.parleyMeeting = this;
    const { audioDeviceId, videoDeviceId } = this.choices;
    this.media.start({ audio: true, video: true, audioDeviceId, videoDeviceId,
      audioEnabled: !this.me.audioMuted, videoEnabled: !this.me.videoMuted }).then(() => this.applyOwnMedia());
  }

  applyOwnMedia() {
    if (!this.media || !this.me) return;
    this.media.setAudioEnabled(!this.me.audioMuted);
    this.media.setVideoEnabled(!this.me.videoMuted);
    if (!this.me.sharingScreen && this.media.screen) this.media.stopScreenShare();
  }

  // MediaSession callbacks
  onLocalStream(stream) {
    this.localStream = stream;
    this.renderGallery();
  }

  onRemoteTrack(info, track) {
    if (info.source === 'screen') {
      const video = document.getElementById('screen-video');
      if (!video) return;
      video.srcObject = new MediaStream([track]);
      video.dataset.participantId = info.participantId;
      video.dataset.trackId = info.trackId;
      this.resizeObserver?.observe(video);
      this.reportReceiveVideo();
      document.getElementById('screen-stage').hidden = false;
      document.getElementById('stage-media').classList.add('sharing');
      document.getElementById('screen-label').textContent = `${this.roster.get(info.participantId)?.name || 'Someone'} is sharing`;
      return;
    }
    const tile = this.tile(info.participantId);
    if (!tile) return;
    const element = tile.querySelector(info.kind === 'video' ? 'video' : 'audio');
    element.srcObject = new MediaStream([track]);
    element.dataset.trackId = info.trackId;
    if (info.kind === 'video') {
      tile.classList.add('has-video');
      this.resizeObserver?.observe(tile);
      this.reportReceiveVideo();
      this.markPausedVideos();
    }
  }

  // Says which remote videos are on screen and at what size in device pixels; hidden ones (other
  // gallery pages, camera tiles not shown) get no video from the SFU at all. The tile's size, not the
  // video element's, is what counts: the video fills its tile.
  reportReceiveVideo() {
    if (!this.media) return;
    const ratio = window.devicePixelRatio || 1;
    const tracks = {};
    for (const info of this.media.remote.values()) {
      if (info.kind !== 'video') continue;
      const element = info.source === 'screen'
        ? document.getElementById('screen-video')
        : document.querySelector(`#gallery .tile[data-id="${info.participantId}"]`);
      const video = info.source === 'screen' ? element : element?.querySelector('video');
      const shown = element && video?.dataset.trackId === info.trackId && !element.closest('[hidden]')
        && element.getClientRects().length > 0;
      tracks[info.trackId] = shown
        ? { width: Math.round(element.clientWidth * ratio), height: Math.round(element.clientHeight * ratio) }
        : { visible: false };
    }
    this.media.setReceiveVideo(tracks);
  }

  // The SFU pauses videos, least important first, when this browser's bandwidth cannot carry them (audio
  // always keeps flowing): such a tile keeps its last frame and shows a badge until the video resumes.
  markPausedVideos() {
    const paused = this.pausedForBandwidth || new Set();
    const holders = [document.getElementById('screen-stage'), ...document.querySelectorAll('#gallery .tile')];
    for (const holder of holders) {
      if (!holder) continue;
      const video = holder.id === 'screen-stage' ? document.getElementById('screen-video') : holder.querySelector('video');
      const isPaused = !!video?.dataset.trackId && paused.has(video.dataset.trackId);
      holder.classList.toggle('paused-bandwidth', isPaused);
      let badge = holder.querySelector(':scope > .bandwidth-badge');
      if (isPaused && !badge) {
        badge = document.createElement('span');
        badge.className = 'bandwidth-badge';
        badge.textContent = 'paused: low bandwidth';
        holder.append(badge);
      }
      if (badge) badge.hidden = !isPaused;
    }
  }

  onRemoteEnded(info) {
    if (info.source === 'screen') {
      const video = document.getElementById('screen-video');
      if (video && video.dataset.participantId === info.participantId) {
        video.srcObject = null;
        document.getElementById('screen-stage').hidden = true;
        document.getElementById('stage-media').classList.remove('sharing');
      }
      return;
    }
    const tile = document.querySelector(`#gallery .tile[data-id="${info.participantId}"]`);
    const element = tile?.querySelector(info.kind === 'video' ? 'video' : 'audio');
    if (element && element.dataset.trackId === info.trackId) {
      element.srcObject = null;
      if (info.kind === 'video') tile.classList.remove('has-video');
    }
    if (info.kind === 'video') this.reportReceiveVideo();
  }

  onMediaRecovered() { this.flash('Media reconnected.'); }

  onMediaError(text) { this.flash(text, 'error'); }

  onConnectionState(connection, state) {
    document.body.dataset[`${connection}Connection`] = state;
    if (state === 'failed') this.flash('Media connection lost; audio and video are reconnecting…', 'error');
  }

  async toggleScreenShare() {
    if (!this.media) return;
    if (this.me.sharingScreen) {
      await this.media.stopScreenShare();
      this.send({ type: 'screen-share-stop' });
      return;
    }
    try {
      this.send({ type: 'screen-share-start' });
      await this.media.startScreenShare();
    } catch (e) {
      this.send({ type: 'screen-share-stop' });
      this.flash(`Screen sharing did not start: ${e.message || e}`, 'error');
    }
  }

  tile(participantId) {
    const gallery = document.getElementById('gallery');
    if (!gallery) return null;
    let tile = gallery.querySelector(`.tile[data-id="${participantId}"]`);
    if (!tile) {
      tile = document.createElement('div');
      tile.className = 'tile';
      tile.dataset.id = participantId;
      tile.innerHTML = '<span class="avatar" aria-hidden="true"></span><video autoplay playsinline muted></video><audio autoplay></audio><span class="tile-label"></span>';
      gallery.append(tile);
    }
    return tile;
  }

  // Tiles are kept, not redrawn, so that their video elements keep playing across roster updates.
  renderGallery() {
    const gallery = document.getElementById('gallery');
    if (!gallery) return;
    for (const tile of [...gallery.querySelectorAll('.tile')]) {
      if (!this.roster.has(tile.dataset.id)) tile.remove();
    }
    for (const p of this.roster.values()) {
      const tile = this.tile(p.id);
      if (p.id === this.me.id && this.localStream) {
        const video = tile.querySelector('video');
        const cameraOnly = new MediaStream(this.localStream.getVideoTracks());
        if (!video.srcObject) video.srcObject = cameraOnly;
        if (this.localStream.getVideoTracks().length) tile.classList.add('has-video');
        tile.classList.add('self');
      }
      tile.classList.toggle('video-off', !!p.videoMuted);
      tile.classList.toggle('speaking-muted', !!p.audioMuted);
      tile.querySelector('.avatar').textContent = initials(p.name);
      tile.querySelector('.tile-label').innerHTML = `<span class="tile-name">${esc(p.name)}${p.id === this.me.id ? ' (you)' : ''}</span>`
        + (p.audioMuted ? '<span class="badge muted-badge" title="Muted">muted</span>' : '')
        + (p.videoMuted ? '<span class="badge video-off-badge">video off</span>' : '')
        + (p.handRaised ? '<span class="badge hand-badge" title="Hand raised">✋</span>' : '');
    }
    this.layoutGallery();
  }

  // Shows one page of tiles. Tiles stay in the DOM (hidden when off the page, ordered by CSS) so that their
  // media keeps playing while people page and switch views. In the speaker view the active speaker's tile
  // is shown large above the page of the others.
  layoutGallery() {
    const gallery = document.getElementById('gallery');
    if (!gallery) return;
    const speakerView = this.layout === 'speaker';
    const featured = speakerView ? this.featuredParticipant() : null;
    const ids = this.pagedParticipants(featured);
    const pages = Math.max(1, Math.ceil(ids.length / pageSize()));
    this.page = Math.min(Math.max(this.page, 0), pages - 1);
    const onPage = new Set(ids.slice(this.page * pageSize(), (this.page + 1) * pageSize()));
    gallery.classList.toggle('speaker-view', speakerView);
    for (const tile of gallery.querySelectorAll('.tile')) {
      const id = tile.dataset.id;
      tile.classList.toggle('active-speaker', id === featured);
      tile.hidden = !(id === featured || onPage.has(id));
      tile.style.order = id === featured ? -1 : ids.indexOf(id);
    }
    gallery.dataset.count = Math.min(onPage.size, pageSize());
    document.getElementById('gallery-page').textContent = `${this.page + 1} / ${pages}`;
    document.getElementById('gallery-prev').disabled = this.page === 0;
    document.getElementById('gallery-next').disabled = this.page >= pages - 1;
    document.getElementById('gallery-pager').hidden = pages === 1;
    this.reportReceiveVideo();
  }

  // Who goes on the pages: you first, so that your own tile is on the first one; the featured speaker is
  // shown apart. Tiles off the page are hidden, not removed, so their audio is still heard.
  pagedParticipants(featured) {
    const others = [...this.roster.keys()].filter((id) => id !== this.me.id);
    return [this.me.id, ...others].filter((id) => id !== featured && this.roster.has(id));
  }

  // The big tile of the speaker view: whoever spoke last, else the first other participant, else you.
  featuredParticipant() {
    if (this.roster.has(this.activeSpeakerId)) return this.activeSpeakerId;
    const others = [...this.roster.keys()].filter((id) => id !== this.me.id);
    return others[0] || this.me.id;
  }

  moderator() { return this.me && (this.me.role === 'HOST' || this.me.role === 'CO_HOST'); }

  renderHeader() {
    const header = document.getElementById('meeting-header');
    if (!header) return;
    header.innerHTML = `<h1>${esc(this.answer.title)}</h1>
      <span class="muted">${esc(this.answer.displayId || this.meeting.id)} · ${esc(this.meeting.status)}${this.meeting.locked ? ' · locked' : ''}</span>`;
  }

  renderRoster() {
    const list = document.getElementById('roster');
    if (!list) return;
    document.getElementById('count').textContent = this.roster.size;
    const participants = [...this.roster.values()];
    list.innerHTML = participants.map((p) => {
      const badges = [p.role !== 'PARTICIPANT' ? p.role.replace('_', '-').toLowerCase() : '', p.audioMuted ? 'muted' : '',
        p.videoMuted ? 'video off' : '', p.handRaised ? '✋' : '', p.sharingScreen ? 'sharing' : '',
        p.connection === 'reconnecting' ? 'reconnecting' : ''].filter(Boolean);
      const actions = this.moderator() && p.id !== this.me.id ? `
          <button class="small" data-act="mute" data-id="${p.id}">Mute</button>
          <button class="small" data-act="stop-video" data-id="${p.id}">Stop video</button>
          <button class="small" data-act="ask-unmute" data-id="${p.id}">Ask to unmute</button>
          ${this.me.role === 'HOST' ? `<button class="small" data-act="${p.role === 'CO_HOST' ? 'revoke-co-host' : 'make-co-host'}" data-id="${p.id}">${p.role === 'CO_HOST' ? 'Revoke co-host' : 'Make co-host'}</button>
          <button class="small" data-act="transfer-host" data-id="${p.id}">Make host</button>` : ''}
          <button class="small danger" data-act="remove" data-id="${p.id}">Remove</button>` : '';
      return `<li class="participant" data-id="${p.id}"><span class="name">${esc(p.name)}${p.id === this.me.id ? ' (you)' : ''}</span>
        <span class="badges">${badges.map((b) => `<span class="badge">${esc(b)}</span>`).join('')}</span>${actions}</li>`;
    }).join('');
    list.querySelectorAll('button[data-act]').forEach((b) => {
      b.onclick = () => this.send({ type: 'host-action', action: b.dataset.act, target: b.dataset.id });
    });
    const to = document.getElementById('chat-to');
    const selected = to.value;
    to.innerHTML = '<option value="">Everyone</option>' + participants.filter((p) => p.id !== this.me.id)
      .map((p) => `<option value="${p.id}">${esc(p.name)} (private)</option>`).join('');
    to.value = selected;
    this.renderGallery();
  }

  renderControls() {
    const bar = document.getElementById('controls');
    if (!bar || !this.me) return;
    bar.innerHTML = `
      <button id="toggle-audio" title="Alt+A">${this.me.audioMuted ? 'Unmute' : 'Mute'}</button>
      <button id="toggle-video" title="Alt+V">${this.me.videoMuted ? 'Start video' : 'Stop video'}</button>
      <button id="toggle-screen">${this.me.sharingScreen ? 'Stop sharing' : 'Share screen'}</button>
      <button id="toggle-hand">${this.me.handRaised ? 'Lower hand' : 'Raise hand'}</button>
      <button id="react" class="secondary" title="Send a thumbs-up">React</button>
      <button id="toggle-view" class="secondary">${this.layout === 'gallery' ? 'Speaker view' : 'Gallery view'}</button>
      ${this.moderator() ? `<button id="mute-all" class="secondary">Mute all</button>
        <button id="toggle-lock" class="secondary">${this.meeting.locked ? 'Unlock' : 'Lock'}</button>` : ''}
      ${this.me.role === 'HOST' ? '<button id="end" class="danger">End for all</button>' : ''}
      <button id="leave" class="danger">Leave</button>`;
    bar.querySelector('#toggle-audio').onclick = () => this.toggleAudio();
    bar.querySelector('#toggle-video').onclick = () => this.toggleVideo();
    bar.querySelector('#toggle-screen').onclick = () => this.toggleScreenShare();
    bar.querySelector('#toggle-hand').onclick = () => this.send({ type: this.me.handRaised ? 'lower-hand' : 'raise-hand' });
    bar.querySelector('#react').onclick = () => this.send({ type: 'reaction', emoji: '👍' });
    bar.querySelector('#toggle-view').onclick = () => this.toggleLayout();
    bar.querySelector('#leave').onclick = () => { this.send({ type: 'leave' }); this.end('You left the meeting.'); };
    const muteAll = bar.querySelector('#mute-all');
    if (muteAll) muteAll.onclick = () => this.send({ type: 'host-action', action: 'mute-all', allowUnmute: true });
    const lock = bar.querySelector('#toggle-lock');
    if (lock) lock.onclick = () => this.send({ type: 'host-action', action: this.meeting.locked ? 'unlock' : 'lock' });
    const end = bar.querySelector('#end');
    if (end) end.onclick = () => this.send({ type: 'host-action', action: 'end-meeting' });
  }

  toggleAudio() { this.send({ type: this.me.audioMuted ? 'unmute' : 'mute', kind: 'audio' }); }

  toggleVideo() { this.send({ type: this.me.videoMuted ? 'unmute' : 'mute', kind: 'video' }); }

  renderWaiting() {
    const panel = document.getElementById('waiting-panel');
    if (!panel) return;
    panel.hidden = !this.moderator() || this.waiting.length === 0;
    document.getElementById('waiting-list').innerHTML = this.waiting.map((w) => `<li class="waiting" data-id="${w.id}">
      ${esc(w.name)}${w.guest ? ' <span class="muted">(guest)</span>' : ''}
      <button class="small" data-admit="${w.id}">Admit</button><button class="small danger" data-deny="${w.id}">Deny</button></li>`).join('');
    panel.querySelectorAll('[data-admit]').forEach((b) => { b.onclick = () => this.send({ type: 'admit', entryId: b.dataset.admit }); });
    panel.querySelectorAll('[data-deny]').forEach((b) => { b.onclick = () => this.send({ type: 'deny', entryId: b.dataset.deny }); });
  }

  addChat(c) {
    const log = document.getElementById('chat-log');
    if (!log || log.querySelector(`[data-id="${c.messageId}"]`)) return;
    const item = document.createElement('li');
    item.dataset.id = c.messageId;
    item.className = c.private ? 'private' : '';
    item.innerHTML = `<strong>${esc(c.from.name)}</strong>${c.private ? ' <span class="muted">(private)</span>' : ''}: ${esc(c.text)}`;
    log.append(item);
    log.scrollTop = log.scrollHeight;
  }
}
