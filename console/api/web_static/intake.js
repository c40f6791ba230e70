// The web intake form: checks what it can, pins the door on the map, and sends one request
// per filled form — the idempotency key is made once, so a double tap or a retry after a
// dropped connection never creates a second call.
"use strict";

const CATEGORIES = ["burst_pipe", "blocked_drain", "leak", "lockout", "broken_lock",
  "power_outage", "electrical_fault", "no_heating", "boiler_failure", "appliance_repair",
  "broken_window", "pests"];
const form = document.getElementById("intake");
const idempotencyKey = "web-" + Array.from(crypto.getRandomValues(new Uint8Array(16)),
  (b) => b.toString(16).padStart(2, "0")).join("");
let pin = null;
let pending = null;

function option(select, value, text) {
  const o = document.createElement("option");
  o.value = value;
  o.textContent = text;
  select.appendChild(o);
}

function showError(name, text) {
  const box = form.querySelector(`.error[data-for="${name}"]`) ||
    document.getElementById("form-error");
  box.textContent = text || "";
  const input = form.elements[name];
  if (input && input.classList) input.classList.toggle("invalid", Boolean(text));
}

function clearErrors() {
  for (const box of form.querySelectorAll(".error")) box.textContent = "";
  for (const el of form.querySelectorAll(".invalid")) el.classList.remove("invalid");
}

function collect() {
  const data = {};
  for (const name of ["customer_name", "phone", "address", "category", "notes"]) {
    const value = form.elements[name].value.trim();
    if (value) data[name] = value;
  }
  if (pin) { data.lat = pin.lat; data.lon = pin.lng; }
  const district = form.elements.district_pin.value;
  if (district) data.district_pin = district;
  return data;
}

function check(data) {
  let ok = true;
  for (const name of ["customer_name", "phone", "address", "category"]) {
    if (!data[name]) { showError(name, t("required")); ok = false; }
  }
  if (data.phone && !/^[+0-9 ()-]{6,32}$/.test(data.phone)) {
    showError("phone", t("bad_phone")); ok = false;
  }
  if (!pin && !data.district_pin) { showError("lat", t("need_place")); ok = false; }
  return ok;
}

async function send(data) {
  const resp = await fetch("/web/api/calls", {
    method: "POST",
    headers: { "Content-Type": "application/json", "Idempotency-Key": idempotencyKey },
    body: JSON.stringify(data),
  });
  const doc = await resp.json();
  if (!resp.ok) {
    showError(doc.field === "district" ? "district_pin" : doc.field, doc.detail);
    return null;
  }
  return doc;
}

async function submit(event) {
  if (event) event.preventDefault();
  clearErrors();
  const data = collect();
  if (!check(data)) return null;
  // A second tap while the first is on its way joins it; a retry later reuses the same key.
  if (pending) return pending;
  const button = document.getElementById("send");
  button.disabled = true;
  button.textContent = t("sending");
  pending = send(data).catch(() => { showError("", t("failed")); return null; });
  const doc = await pending;
  pending = null;
  button.disabled = false;
  button.textContent = t("submit");
  if (doc) done(doc);
  return doc;
}

function done(doc) {
  const url = new URL(doc.tracking_url, location.href);
  url.searchParams.set("lang", LANG);
  const link = document.getElementById("tracking-link");
  link.href = url.toString();
  document.getElementById("tracking-url").textContent = url.toString();
  document.body.dataset.callId = String(doc.call_id);
  form.hidden = true;
  document.getElementById("done").hidden = false;
}

async function setUp() {
  translatePage();
  document.title = t("intake_title");
  option(form.elements.category, "", "—");
  for (const c of CATEGORIES) option(form.elements.category, c, t(c));
  option(form.elements.district_pin, "", t("district_none"));
  const map = await cityMap("map");
  const resp = await fetch("/web/maps/shanghai_districts.geojson");
  if (resp.ok) {
    for (const f of (await resp.json()).features) {
      option(form.elements.district_pin, f.properties.name_en,
        LANG === "zh" ? f.properties.name_zh : f.properties.name_en);
    }
  }
  let marker = null;
  map.on("click", (e) => {
    pin = e.latlng;
    if (marker) marker.setLatLng(pin); else marker = L.marker(pin).addTo(map);
    document.getElementById("pin-hint").textContent =
      `${t("pinned")}: ${pin.lat.toFixed(5)}, ${pin.lng.toFixed(5)}`;
    showError("lat", "");
  });
  form.addEventListener("submit", submit);
  document.body.dataset.ready = "1";
}

setUp();
