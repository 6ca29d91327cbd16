// Parley web client: plain ES modules, no build step. Views are rendered into #app.
const app = document.getElementById('app');
const status = document.getElementById('node-status');

async function checkNode() {
  try {
    const response = await fetch('/ready');
    status.textContent = response.ok ? 'Server ready' : 'Server starting…';
  } catch {
    status.textContent = 'Server unreachable';
  }
}

function renderHome() {
  app.innerHTML = `
    <section class="card">
      <h1>Join a meeting</h1>
      <form id="join-form">
        <label for="meeting-id">Meeting ID</label>
        <input id="meeting-id" name="meetingId" inputmode="numeric" autocomplete="off" placeholder="123-4567-8901" required>
        <label for="passcode">Passcode</label>
        <input id="passcode" name="passcode" autocomplete="off" required>
        <label for="display-name">Your name</label>
        <input id="display-name" name="displayName" autocomplete="name" required>
        <button type="submit">Join</button>
        <p class="error" id="join-error"></p>
      </form>
    </section>`;
  document.getElementById('join-form').addEventListener('submit', (event) => {
    event.preventDefault();
    document.getElementById('join-error').textContent = 'Joining from the browser arrives with the meetings service.';
  });
}

checkNode();
renderHome();
