// Media with the SFU: two peer connections per participant.
//  - publish: this browser offers what it sends (microphone, camera, screen); the SFU answers.
//  - subscribe: the SFU offers what this browser receives, with a list saying whose track each m-line
//    carries; this browser answers. The SFU renegotiates it as people and screen shares come and go.
// Protocol: docs/protocol.md, "Media".

const PC_CONFIG = { iceServers: [], bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' };

// The camera goes out as three simulcast layers, smallest first (the SFU takes the order as the layers'
// order): a quarter, half and full size. The SFU forwards each receiver the one that fits its tile.
export const CAMERA_LAYERS = [
  { rid: 'q', scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { rid: 'h', scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { rid: 'f', scaleResolutionDownBy: 1, maxBitrate: 1_500_000 },
];

// How long tile sizes must hold still before the SFU hears of them (resizing fires many events).
const RECEIVE_VIDEO_DEBOUNCE_MS = 250;

// getUserMedia constraints: 960x540, so the layers are 240x135, 480x270 and 960x540 (a full 720p top
// layer costs every sender a lot of CPU for little gain in a gallery), and exactly the devices chosen
// when there are any.
export function mediaConstraints({ audio = true, video = true, audioDeviceId, videoDeviceId } = {}) {
  const camera = { width: { ideal: 960 }, height: { ideal: 540 }, frameRate: { ideal: 24 } };
  if (videoDeviceId) camera.deviceId = { exact: videoDeviceId };
  return {
    audio: audio ? (audioDeviceId ? { deviceId: { exact: audioDeviceId } } : true) : false,
    video: video ? camera : false,
  };
}

export class MediaSession {
  // send(message) sends over the signaling WebSocket; view gets onLocalStream, onRemoteTrack, onRemoteEnded.
  constructor(send, view) {
    this.send = send;
    this.view = view;
    this.local = null;
    this.screen = null;
    this.screenTransceiver = null;
    this.sources = {};
    this.publishing = Promise.resolve();
    this.pendingPublish = null;
    this.subscriber = null;
    this.remote = new Map(); // mid -> { participantId, kind, source, trackId }
    this.closed = false;
    this.lastReceiveVideo = null;
    this.receiveVideoTimer = null;
  }

  // options: audio, video (whether to capture them), audioDeviceId / videoDeviceId (the devices chosen on the
  // pre-join screen; the browser's default without them), audioEnabled / videoEnabled (false starts the
  // track captured but silent or black, so turning it on later needs no renegotiation).
  async start({ audio = true, video = true, audioDeviceId, videoDeviceId, audioEnabled = true, videoEnabled = true } = {}) {
    try {
      this.local = await navigator.mediaDevices.getUserMedia(mediaConstraints({ audio, video, audioDeviceId, videoDeviceId }));
    } catch (e) {
      // No camera or no permission (or the chosen device is gone): try the microphone alone, then receive only.
      try { this.local = await navigator.mediaDevices.getUserMedia({ audio: true, video: false }); } catch (e2) { this.local = null; }
    }
    this.setAudioEnabled(audioEnabled);
    this.setVideoEnabled(videoEnabled);
    this.view.onLocalStream?.(this.local);
    this.send({ type: 'subscribe', id: 'subscribe' });
    if (!this.local) return;
    this.publisher = new RTCPeerConnection(PC_CONFIG);
    this.publisher.onconnectionstatechange = () => this.view.onConnectionState?.('publish', this.publisher.connectionState);
    this.addLocalTracks(this.local);
    await this.negotiatePublish();
  }

  // Microphone as is, camera as simulcast (CAMERA_LAYERS).
  addLocalTracks(stream) {
    for (const track of stream.getTracks()) {
      const init = { direction: 'sendonly', streams: [stream] };
      if (track.kind === 'video') init.sendEncodings = CAMERA_LAYERS.map((layer) => ({ ...layer }));
      const transceiver = this.publisher.addTransceiver(track, init);
      transceiver.source = track.kind === 'audio' ? 'microphone' : 'camera';
    }
  }

  // Tells the SFU which remote videos are shown and how large (device pixels): tracks is
  // { trackId: { width, height } | { visible: false } }. Sent after RECEIVE_VIDEO_DEBOUNCE_MS of quiet,
  // and only when it changed.
  setReceiveVideo(tracks) {
    clearTimeout(this.receiveVideoTimer);
    this.receiveVideoTimer = setTimeout(() => {
      const text = JSON.stringify(tracks);
      if (this.closed || text === this.lastReceiveVideo) return;
      this.lastReceiveVideo = text;
      this.send({ type: 'receive-video', tracks });
    }, RECEIVE_VIDEO_DEBOUNCE_MS);
  }

  // Dynacast: the SFU says which simulcast layers of one of our tracks anybody receives (by rid); the
  // browser stops encoding the others. Waits for a publish negotiation in progress, during which
  // setParameters may be refused.
  setPublishLayers({ mid, active }) {
    this.publishing = this.publishing.then(async () => {
      const transceiver = this.publisher?.getTransceivers().find((t) => t.mid === mid && !t.stopped);
      if (!transceiver) return;
      const params = transceiver.sender.getParameters();
      if (!params.encodings?.length) return;
      let changed = false;
      for (const encoding of params.encodings) {
        const on = !encoding.rid || active.includes(encoding.rid);
        if (encoding.active !== on) { encoding.active = on; changed = true; }
      }
      if (changed) await transceiver.sender.setParameters(params);
    }).catch((e) => console.warn('publish-layers', e));
  }

  // One publish negotiation at a time; a change during one is folded into the next.
  negotiatePublish() {
    this.publishing = this.publishing.then(() => this.offerPublish()).catch((e) => this.view.onMediaError?.(String(e)));
    return this.publishing;
  }

  async offerPublish() {
    if (!this.publisher || this.closed) return;
    const offer = await this.publisher.createOffer();
    await this.publisher.setLocalDescription(offer);
    const sources = {};
    for (const t of this.publisher.getTransceivers()) {
      if (t.mid != null && t.source && !t.stopped) sources[t.mid] = t.source;
    }
    const answered = new Promise((resolve) => { this.pendingPublish = resolve; });
    this.send({ type: 'offer', connection: 'publish', id: 'publish', sdp: this.publisher.localDescription.sdp, sources });
    const sdp = await answered;
    await this.publisher.setRemoteDescription({ type: 'answer', sdp });
  }

  // Messages from the server that belong to media; returns true when taken.
  onMessage(m) {
    if (m.type === 'answer' && m.connection === 'publish') {
      if (this.restartAttempts) this.view.onMediaRecovered?.();
      this.restartAttempts = 0;
      const resolve = this.pendingPublish;
      this.pendingPublish = null;
      resolve?.(m.sdp);
      return true;
    }
    if (m.type === 'offer' && m.connection === 'subscribe') {
      this.onSubscribeOffer(m).catch((e) => this.view.onMediaError?.(String(e)));
      return true;
    }
    if (m.type === 'subscribed') return true;
    if (m.type === 'publish-layers') {
      this.setPublishLayers(m);
      return true;
    }
    if (m.type === 'media-disconnected') {
      this.view.onMediaError?.(m.reason === 'media-restart' ? 'The media server is restarting; reconnecting…'
        : `Media connection lost (${m.connection}: ${m.reason}); reconnecting…`);
      // A restarting media server needs a moment before it takes offers again.
      this.restartSoon(m.reason === 'media-restart' ? 1500 : 0);
      return true;
    }
    if (m.type === 'error' && (m.id === 'publish' || m.id === 'subscribe')) {
      this.pendingPublish?.(null);
      this.view.onMediaError?.(m.message || m.code);
      if (m.code === 'media-unavailable' || m.code === 'room-unavailable') this.restartSoon(2000);
      return true;
    }
    return false;
  }

  async onSubscribeOffer(m) {
    if (!this.subscriber) {
      this.subscriber = new RTCPeerConnection(PC_CONFIG);
      this.subscriber.onconnectionstatechange = () => this.view.onConnectionState?.('subscribe', this.subscriber.connectionState);
      this.subscriber.ontrack = (event) => this.attach(event.transceiver);
    }
    const previous = this.remote;
    this.remote = new Map(m.tracks.map((t) => [t.mid, t]));
    await this.subscriber.setRemoteDescription({ type: 'offer', sdp: m.sdp });
    const answer = await this.subscriber.createAnswer();
    await this.subscriber.setLocalDescription(answer);
    this.send({ type: 'answer', connection: 'subscribe', sdp: this.subscriber.localDescription.sdp });
    for (const [mid, info] of previous) {
      const now = this.remote.get(mid);
      if (!now || now.trackId !== info.trackId) this.view.onRemoteEnded?.(info);
    }
    for (const t of this.subscriber.getTransceivers()) this.attach(t);
  }

  attach(transceiver) {
    const info = this.remote.get(transceiver.mid);
    if (!info || transceiver.attachedTrackId === info.trackId) return;
    transceiver.attachedTrackId = info.trackId;
    this.view.onRemoteTrack?.(info, transceiver.receiver.track);
  }

  setAudioEnabled(enabled) { this.local?.getAudioTracks().forEach((t) => { t.enabled = enabled; }); }

  setVideoEnabled(enabled) { this.local?.getVideoTracks().forEach((t) => { t.enabled = enabled; }); }

  async startScreenShare() {
    if (this.screen || !this.publisher) return false;
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 5 } }, audio: false });
    const track = stream.getVideoTracks()[0];
    track.contentHint = 'detail';
    track.onended = () => this.stopScreenShare();
    this.screen = stream;
    this.screenTransceiver = this.publisher.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
    this.screenTransceiver.source = 'screen';
    await this.negotiatePublish();
    return true;
  }

  async stopScreenShare() {
    if (!this.screen) return;
    this.screen.getTracks().forEach((t) => t.stop());
    this.screen = null;
    if (this.screenTransceiver) {
      this.screenTransceiver.stop();
      this.screenTransceiver = null;
      await this.negotiatePublish();
    }
  }

  // Restarts after a delay, a bounded number of times in a row (reset once the SFU answers a publish).
  restartSoon(delayMs) {
    if (this.closed || this.restartTimer) return;
    this.restartAttempts = (this.restartAttempts || 0) + 1;
    if (this.restartAttempts > 10) {
      this.view.onMediaError?.('The media server is not available. Leave and join again to retry.');
      return;
    }
    this.restartTimer = setTimeout(() => { this.restartTimer = null; this.restart(); }, delayMs);
  }

  // A lost media connection: start both again (the SFU treats the new ones as a fresh publish and subscribe).
  restart() {
    if (this.closed) return;
    this.restarts = (this.restarts || 0) + 1; // how often media started over (debug, tests)
    this.publisher?.close();
    this.subscriber?.close();
    this.subscriber = null;
    for (const info of this.remote.values()) this.view.onRemoteEnded?.(info);
    this.remote = new Map();
    const local = this.local;
    this.publisher = null;
    if (!local) { this.send({ type: 'subscribe', id: 'subscribe' }); return; }
    this.publisher = new RTCPeerConnection(PC_CONFIG);
    this.publisher.onconnectionstatechange = () => this.view.onConnectionState?.('publish', this.publisher.connectionState);
    this.addLocalTracks(local);
    const screenTrack = this.screen?.getVideoTracks()[0];
    if (screenTrack && screenTrack.readyState === 'live') {
      this.screenTransceiver = this.publisher.addTransceiver(screenTrack, { direction: 'sendonly', streams: [this.screen] });
      this.screenTransceiver.source = 'screen';
    }
    this.lastReceiveVideo = null; // the new subscription starts from the SFU's defaults
    this.send({ type: 'subscribe', id: 'subscribe' });
    this.negotiatePublish();
  }

  // How loud each remote participant's microphone is now (0..1, from the inbound audio's audioLevel), for
  // the active speaker view.
  async audioLevels() {
    const levels = {};
    if (!this.subscriber) return levels;
    const report = await this.subscriber.getStats();
    report.forEach((s) => {
      if (s.type !== 'inbound-rtp' || s.kind !== 'audio') return;
      const info = this.remote.get(s.mid);
      if (info && info.source === 'microphone') levels[info.participantId] = Math.max(levels[info.participantId] || 0, s.audioLevel || 0);
    });
    return levels;
  }

  // What tests and the debug view read: a summary of getStats for both connections.
  async stats() {
    const summary = { publish: null, subscribe: null, inbound: [], outbound: [] };
    for (const [name, pc] of [['publish', this.publisher], ['subscribe', this.subscriber]]) {
      if (!pc) continue;
      const report = await pc.getStats();
      const entry = { connectionState: pc.connectionState };
      report.forEach((s) => {
        if (s.type === 'transport') { entry.srtpCipher = s.srtpCipher; entry.dtlsState = s.dtlsState; entry.tlsVersion = s.tlsVersion; }
        if (s.type === 'inbound-rtp') {
          const info = this.remote.get(s.mid) || {};
          summary.inbound.push({ mid: s.mid, kind: s.kind, participantId: info.participantId, source: info.source,
            trackId: info.trackId, packetsReceived: s.packetsReceived, bytesReceived: s.bytesReceived,
            framesDecoded: s.framesDecoded, frameWidth: s.frameWidth, frameHeight: s.frameHeight,
            freezeCount: s.freezeCount, packetsLost: s.packetsLost, nackCount: s.nackCount });
        }
        if (s.type === 'outbound-rtp') {
          summary.outbound.push({ mid: s.mid, kind: s.kind, rid: s.rid, packetsSent: s.packetsSent,
            framesEncoded: s.framesEncoded, frameWidth: s.frameWidth, frameHeight: s.frameHeight });
        }
      });
      summary[name] = entry;
    }
    return summary;
  }

  close() {
    this.closed = true;
    clearTimeout(this.receiveVideoTimer);
    this.publisher?.close();
    this.subscriber?.close();
    this.local?.getTracks().forEach((t) => t.stop());
    this.screen?.getTracks().forEach((t) => t.stop());
  }
}
