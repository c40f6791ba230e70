// The tracking page: polls its call's progress every few seconds; shows the van only while
// it is on its way; offers a 1–5 rating once the job is done.
"use strict";

const TOKEN = location.pathname.split("/").pop();
const STEP_ORDER = ["new", "assigned", "accepted", "en_route", "on_site", "completed"];
const POLL_MS = Number(new URLSearchParams(location.search).get("poll")) || 3000;
let map = null;
let van = null;
let home = null;
let stars = 0;

function clock(iso) {
  return iso ? new Date(iso).toLocaleTimeString(LANG === "zh" ? "zh-CN" : "en-GB",
    { hour: "2-digit", minute: "2-digit" }) : "";
}

function statusText(status) {
  return status === "cancelled" || status === "failed" ? t("st_" + status) : t("step_" + status);
}

function drawSteps(doc) {
  const list = document.getElementById("steps");
  list.textContent = "";
  const reached = STEP_ORDER.indexOf(doc.status);
  for (const step of doc.steps) {
    const li = document.createElement("li");
    const index = STEP_ORDER.indexOf(step.step);
    if (step.at || index <= reached) li.classList.add("done");
    if (step.step === doc.status) li.classList.add("current");
    li.textContent = t("step_" + step.step);
    if (step.at) {
      const time = document.createElement("time");
      time.textContent = clock(step.at);
      li.appendChild(time);
    }
    list.appendChild(li);
  }
}

async function drawMap(doc) {
  const card = document.getElementById("map-card");
  card.hidden = !doc.van;
  if (!doc.van) return;
  if (!map) {
    map = await cityMap("map", [doc.lat, doc.lon]);
    home = L.circleMarker([doc.lat, doc.lon], { radius: 8, color: "#1f6feb" }).addTo(map);
  }
  const at = [doc.van.lat, doc.van.lon];
  if (van) van.setLatLng(at);
  else van = L.circleMarker(at, { radius: 9, color: "#2e7d32", fillOpacity: 0.9 }).addTo(map);
  map.fitBounds(L.latLngBounds([at, home.getLatLng()]).pad(0.4), { maxZoom: 15 });
  document.body.dataset.van = `${doc.van.lat.toFixed(5)},${doc.van.lon.toFixed(5)}`;
}

function draw(doc) {
  document.getElementById("facts-card").hidden = false;
  document.getElementById("steps-card").hidden = false;
  document.getElementById("status").textContent = statusText(doc.status);
  document.getElementById("technician").textContent = doc.technician_first_name || "—";
  let eta = "—";
  if (doc.eta) {
    const minutes = Math.max(1, Math.round((new Date(doc.eta) - Date.now()) / 60000));
    eta = `${clock(doc.eta)} (${t("minutes", { m: minutes })})`;
  }
  document.getElementById("eta").textContent = eta;
  drawSteps(doc);
  drawMap(doc);
  const rated = doc.rating !== null && doc.rating !== undefined;
  document.getElementById("rate-card").hidden = !doc.can_rate;
  document.getElementById("thanks").hidden = !rated;
  document.body.dataset.status = doc.status;
}

async function poll() {
  try {
    const resp = await fetch(`/web/api/track/${TOKEN}`, { cache: "no-store" });
    if (!resp.ok) {
      const doc = await resp.json();
      const banner = document.getElementById("banner");
      banner.textContent = resp.status === 410 ? t("expired") : t("no_link");
      banner.hidden = false;
      document.body.dataset.status = doc.code;
      return;  // nothing more will change
    }
    draw(await resp.json());
  } catch (err) {
    // offline for a moment: keep the last picture and try again
  }
  setTimeout(poll, POLL_MS);
}

function setUpRating() {
  const box = document.getElementById("stars");
  const send = document.getElementById("rate-send");
  for (let n = 1; n <= 5; n += 1) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = "★";
    b.dataset.stars = String(n);
    b.addEventListener("click", () => {
      stars = n;
      for (const s of box.children) s.classList.toggle("on", Number(s.dataset.stars) <= n);
      send.disabled = false;
    });
    box.appendChild(b);
  }
  send.addEventListener("click", async () => {
    const feedback = document.getElementById("feedback").value.trim();
    const body = { rating: stars };
    if (feedback) body.feedback = feedback;
    send.disabled = true;
    const resp = await fetch(`/web/api/track/${TOKEN}/rating`, {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!resp.ok) {
      document.getElementById("rate-error").textContent = (await resp.json()).detail;
      send.disabled = false;
      return;
    }
    document.getElementById("rate-card").hidden = true;
    document.getElementById("thanks").hidden = false;
  });
}

translatePage();
document.title = t("track_title");
setUpRating();
poll();
