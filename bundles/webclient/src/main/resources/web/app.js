// Parley web client: plain ES modules, no build step. A small router renders views into #app.
import { api, session } from '/api.js';
import { MeetingView } from '/meeting.js';
import { PreJoin } from '/prejoin.js';

const app = document.getElementById('app');
const nodeStatus = document.getElementById('node-status');
const nav = document.getElementById('nav');

const escape = (text) => String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

async function checkNode() {
  try {
    const response = await fetch('/ready');
    nodeStatus.textContent = response.ok ? 'Server ready' : 'Server starting…';
  } catch {
    nodeStatus.textContent = 'Server unreachable';
  }
}

function renderNav() {
  const user = session.user();
  nav.innerHTML = user
    ? `<a href="#/dashboard" id="nav-dashboard">My meetings</a> <span class="muted">${escape(user.displayName)}</span>
       <button class="link" id="sign-out">Sign out</button>`
    : `<a href="#/signin" id="nav-signin">Sign in</a> <a href="#/signup" id="nav-signup">Sign up</a>`;
  const signOut = document.getElementById('sign-out');
  if (signOut) {
    signOut.onclick = async () => {
      await api('DELETE', '/api/sessions').catch(() => {});
      session.clear();
      location.hash = '#/';
    };
  }
}

function problemText(error) {
  if (error.fields && error.fields.length) {
    return error.fields.map((f) => `${f.field}: ${f.message}`).join('; ');
  }
  return error.message;
}

function formView(title, fields, submitLabel, onSubmit, extra = '', cardClass = 'narrow') {
  app.innerHTML = `
    <section class="card ${cardClass}">
      <h1>${title}</h1>
      <form id="form">
        ${fields.map((f) => `<label for="${f.id}">${f.label}</label>
          <input id="${f.id}" name="${f.id}" type="${f.type || 'text'}" value="${escape(f.value || '')}"
                 ${f.required === false ? '' : 'required'} autocomplete="${f.autocomplete || 'off'}">`).join('')}
        <button type="submit" id="submit">${submitLabel}</button>
        <p class="error" id="form-error" role="alert"></p>
      </form>
      ${extra}
    </section>`;
  document.getElementById('form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(event.target).entries());
    document.getElementById('form-error').textContent = '';
    try {
      await onSubmit(values);
    } catch (error) {
      document.getElementById('form-error').textContent = problemText(error);
    }
  });
}

function renderSignIn() {
  formView('Sign in', [
    { id: 'email', label: 'Email', type: 'email', autocomplete: 'email' },
    { id: 'password', label: 'Password', type: 'password', autocomplete: 'current-password' },
  ], 'Sign in', async (v) => {
    session.save(await api('POST', '/api/sessions', { email: v.email, password: v.password }));
    location.hash = '#/dashboard';
  }, '<p class="muted">No account? <a href="#/signup">Sign up</a></p>');
}

function renderSignUp() {
  formView('Create an account', [
    { id: 'displayName', label: 'Your name', autocomplete: 'name' },
    { id: 'email', label: 'Email', type: 'email', autocomplete: 'email' },
    { id: 'password', label: 'Password (at least 8 characters)', type: 'password', autocomplete: 'new-password' },
  ], 'Sign up', async (v) => {
    await api('POST', '/api/users', v);
    session.save(await api('POST', '/api/sessions', { email: v.email, password: v.password }));
    location.hash = '#/dashboard';
  });
}

function invitation(m) {
  return `Join my Parley meeting "${m.title}"\n${m.joinUrl}\nMeeting ID: ${m.displayId}\nPasscode: ${m.passcode}`;
}

function meetingCard(m) {
  const when = m.type === 'instant' ? 'Instant meeting' : new Date(m.nextOccurrence?.start || m.scheduledStart).toLocaleString();
  return `<li class="meeting" data-id="${escape(m.id)}">
      <div><strong>${escape(m.title)}</strong> <span class="muted">${escape(m.displayId)} · ${escape(when)}</span></div>
      <div class="row">
        <button class="start" data-id="${escape(m.id)}" data-passcode="${escape(m.passcode)}">Start</button>
        <button class="copy secondary" data-invite="${escape(invitation(m))}">Copy invitation</button>
      </div></li>`;
}

async function renderDashboard() {
  if (!session.user()) {
    location.hash = '#/signin';
    return;
  }
  app.innerHTML = `
    <section class="card">
      <h1>My meetings</h1>
      <div class="row">
        <button id="instant">Start an instant meeting</button>
      </div>
      <h2>Upcoming</h2><ul id="upcoming" class="meetings"><li class="muted">Loading…</li></ul>
      <h2>Past</h2><ul id="past" class="meetings"></ul>
    </section>
    <section class="card">
      <h2>Schedule a meeting</h2>
      <form id="schedule">
        <label for="title">Title</label><input id="title" name="title" required>
        <label for="start">Start</label><input id="start" name="start" type="datetime-local" required>
        <label for="duration">Duration (minutes)</label><input id="duration" name="duration" type="number" min="1" value="30" required>
        <label for="recurrence">Repeats</label>
        <select id="recurrence" name="recurrence"><option value="">Never</option><option value="DAILY">Daily</option><option value="WEEKLY">Weekly</option></select>
        <label class="check"><input type="checkbox" id="waitingRoom" name="waitingRoom" checked> Waiting room</label>
        <label class="check"><input type="checkbox" id="muteOnEntry" name="muteOnEntry"> Mute participants on entry</label>
        <button type="submit" id="schedule-submit">Schedule</button>
        <p class="error" id="schedule-error" role="alert"></p>
      </form>
    </section>`;
  const load = async () => {
    const mine = await api('GET', '/api/me/meetings');
    document.getElementById('upcoming').innerHTML = mine.upcoming.map(meetingCard).join('') || '<li class="muted">Nothing scheduled.</li>';
    document.getElementById('past').innerHTML = mine.past.map(meetingCard).join('') || '<li class="muted">None yet.</li>';
  };
  app.addEventListener('click', async (event) => {
    const target = event.target;
    if (target.classList.contains('copy')) {
      await navigator.clipboard?.writeText(target.dataset.invite).catch(() => {});
      target.textContent = 'Copied';
      target.dataset.copied = 'true';
    } else if (target.classList.contains('start')) {
      startMeeting(target.dataset.id, target.dataset.passcode);
    }
  });
  document.getElementById('instant').onclick = async () => {
    const m = await api('POST', '/api/meetings', { title: `${session.user().displayName}'s meeting`, type: 'instant', settings: { waitingRoom: false } });
    startMeeting(m.id, m.passcode);
  };
  document.getElementById('schedule').addEventListener('submit', async (event) => {
    event.preventDefault();
    const f = event.target;
    const body = {
      title: f.title.value, type: 'scheduled', scheduledStart: new Date(f.start.value).toISOString(),
      durationMinutes: Number(f.duration.value), timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      settings: { waitingRoom: f.waitingRoom.checked, muteOnEntry: f.muteOnEntry.checked },
    };
    if (f.recurrence.value) body.recurrence = { frequency: f.recurrence.value, count: 10 };
    try {
      await api('POST', '/api/meetings', body);
      f.reset();
      await load();
    } catch (error) {
      document.getElementById('schedule-error').textContent = problemText(error);
    }
  });
  await load().catch((error) => { document.getElementById('upcoming').innerHTML = `<li class="error">${escape(problemText(error))}</li>`; });
}

function startMeeting(id, passcode) {
  location.hash = `#/join/${id}?pwd=${encodeURIComponent(passcode)}`;
}

// What a failed join check means to the person joining (problem types of docs/api.md).
const JOIN_PROBLEMS = {
  'wrong-passcode': 'That passcode is not right. Check the invitation and try again.',
  'passcode-required': 'This meeting needs a passcode. It is in the invitation.',
  'meeting-not-found': 'There is no meeting with this ID. Check the invitation.',
  'meeting-cancelled': 'The host cancelled this meeting.',
  'rate-limited': 'Too many tries. Wait a minute, then try again.',
};

let preJoin = null;

function stopPreJoin() {
  preJoin?.stop();
  preJoin = null;
}

// The join form and the pre-join panel on one screen: whoever opens a link checks camera and microphone
// while typing a name, and one click joins.
function renderJoin(prefillId = '', prefillPasscode = '') {
  const user = session.user();
  formView('Join a meeting', [
    { id: 'meetingId', label: 'Meeting ID', value: prefillId },
    { id: 'passcode', label: 'Passcode', value: prefillPasscode },
    { id: 'displayName', label: 'Your name', value: user ? user.displayName : '', autocomplete: 'name' },
  ], 'Join', async (v) => {
    const id = v.meetingId.replace(/[^0-9]/g, '');
    let answer;
    try {
      answer = await api('POST', `/api/meetings/${id}/join`, { passcode: v.passcode, displayName: v.displayName });
    } catch (error) {
      if (JOIN_PROBLEMS[error.type]) error.message = JOIN_PROBLEMS[error.type];
      throw error;
    }
    const choices = preJoin?.choices() || {};
    stopPreJoin();
    new MeetingView(app, answer, choices).start();
  }, '<div id="prejoin" class="prejoin-panel"></div>', 'join-card');
  preJoin = new PreJoin(document.getElementById('prejoin'));
  preJoin.start();
}

function route() {
  stopPreJoin();
  renderNav();
  const hash = location.hash || '#/';
  const join = location.pathname.match(/^\/j\/(\d[\d-]*)$/);
  if (join && hash === '#/') {
    const pwd = new URLSearchParams(location.search).get('pwd') || '';
    return renderJoin(join[1], pwd);
  }
  const [path, query] = hash.slice(1).split('?');
  const params = new URLSearchParams(query || '');
  if (path === '/signin') return renderSignIn();
  if (path === '/signup') return renderSignUp();
  if (path === '/dashboard') return renderDashboard();
  if (path.startsWith('/join/')) return renderJoin(path.slice(6), params.get('pwd') || '');
  return renderJoin();
}

window.addEventListener('hashchange', route);
checkNode();
route();
