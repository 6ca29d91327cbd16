// The pre-join panel: a camera preview, a microphone level meter, camera and microphone pickers and the
// "join muted" / "camera off" choices. The meeting reads choices() and starts its media with them.
import { mediaConstraints } from '/media.js';

const esc = (text) => String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

const METER_INTERVAL_MS = 100;

export class PreJoin {
  constructor(container) {
    this.container = container;
    this.stream = null;
    this.audioContext = null;
    this.meterTimer = null;
    this.level = 0;
  }

  async start() {
    this.container.innerHTML = `
      <div class="preview" id="preview">
        <video id="preview-video" autoplay playsinline muted></video>
        <span id="preview-off" class="preview-off" hidden>Camera is off</span>
      </div>
      <label for="mic-level">Microphone level</label>
      <meter id="mic-level" min="0" max="1" low="0.05" high="0.6" optimum="0.3" value="0"></meter>
      <label for="camera-select">Camera</label><select id="camera-select"></select>
      <label for="mic-select">Microphone</label><select id="mic-select"></select>
      <label class="check"><input type="checkbox" id="join-muted"> Join muted</label>
      <label class="check"><input type="checkbox" id="camera-off"> Camera off</label>
      <p id="preview-error" class="muted" role="status"></p>`;
    document.getElementById('camera-select').onchange = () => this.restartPreview();
    document.getElementById('mic-select').onchange = () => this.restartPreview();
    document.getElementById('camera-off').onchange = () => this.showCameraState();
    // Browsers keep audio contexts suspended until the person interacts with the page.
    this.container.addEventListener('pointerdown', () => this.audioContext?.resume());
    await this.restartPreview();
    await this.listDevices();
  }

  async restartPreview() {
    this.stopStream();
    const { audioDeviceId, videoDeviceId } = this.choices();
    try {
      this.stream = await navigator.mediaDevices.getUserMedia(mediaConstraints({ audioDeviceId, videoDeviceId }));
      document.getElementById('preview-error').textContent = '';
    } catch (e) {
      this.stream = null;
      document.getElementById('preview-error').textContent = `No camera or microphone: ${e.message || e}. You can still join and see and hear the others.`;
      return;
    }
    document.getElementById('preview-video').srcObject = this.stream;
    this.showCameraState();
    this.startMeter();
  }

  // Device labels are only given once the page may use the devices, so this runs after the first preview.
  async listDevices() {
    const devices = await navigator.mediaDevices.enumerateDevices().catch(() => []);
    const inUse = (kind) => this.stream?.getTracks().find((t) => t.kind === kind)?.getSettings().deviceId;
    fillPicker(document.getElementById('camera-select'), devices.filter((d) => d.kind === 'videoinput'), inUse('video'), 'Camera');
    fillPicker(document.getElementById('mic-select'), devices.filter((d) => d.kind === 'audioinput'), inUse('audio'), 'Microphone');
  }

  showCameraState() {
    const off = document.getElementById('camera-off').checked;
    document.getElementById('preview-video').hidden = off;
    document.getElementById('preview-off').hidden = !off;
  }

  // The meter shows the loudest recent sample, falling back slowly, so short sounds stay visible.
  startMeter() {
    const track = this.stream?.getAudioTracks()[0];
    if (!track) return;
    this.audioContext ??= new AudioContext();
    this.audioContext.resume().catch(() => {});
    const analyser = this.audioContext.createAnalyser();
    analyser.fftSize = 1024;
    this.audioContext.createMediaStreamSource(new MediaStream([track])).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const meter = document.getElementById('mic-level');
    clearInterval(this.meterTimer);
    this.meterTimer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) sum += s * s;
      const rms = Math.sqrt(sum / samples.length);
      this.level = Math.max(Math.min(1, rms * 4), this.level * 0.8);
      meter.value = this.level;
      meter.dataset.peak = Math.max(Number(meter.dataset.peak || 0), this.level).toFixed(3);
    }, METER_INTERVAL_MS);
  }

  choices() {
    const value = (id) => document.getElementById(id)?.value || undefined;
    const checked = (id) => !!document.getElementById(id)?.checked;
    return { videoDeviceId: value('camera-select'), audioDeviceId: value('mic-select'),
      audioMuted: checked('join-muted'), videoMuted: checked('camera-off') };
  }

  stopStream() {
    this.stream?.getTracks().forEach((t) => t.stop());
    this.stream = null;
  }

  // Frees camera and microphone so the meeting can open them.
  stop() {
    clearInterval(this.meterTimer);
    this.stopStream();
    this.audioContext?.close().catch(() => {});
    this.audioContext = null;
  }
}

function fillPicker(select, devices, selectedId, noun) {
  select.innerHTML = devices.map((d, i) => `<option value="${esc(d.deviceId)}">${esc(d.label || `${noun} ${i + 1}`)}</option>`).join('')
    || `<option value="">No ${noun.toLowerCase()} found</option>`;
  if (selectedId && devices.some((d) => d.deviceId === selectedId)) select.value = selectedId;
}
