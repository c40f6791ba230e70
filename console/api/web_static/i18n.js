// Words of the customer's pages in English and Chinese; the language comes from ?lang= or
// the phone's own setting.
"use strict";

const WORDS = {
  en: {
    intake_title: "Request a technician",
    intake_lead: "Tell us what happened. We answer day and night.",
    name: "Your name", phone: "Phone", address: "Address", district: "District",
    district_none: "— choose, or pin the map —", pin_hint: "Tap the map to pin your door.",
    pinned: "Pinned", category: "Problem", note: "Anything we should know?",
    submit: "Send request", sending: "Sending…", sent: "Request received",
    sent_lead: "Keep this link to follow your technician:", track_link: "Track my request",
    required: "Please fill this in", bad_phone: "Enter a phone number (digits, + and spaces)",
    need_place: "Pin your location on the map or choose your district",
    failed: "Could not send; check your connection and try again",
    track_title: "Your request", status: "Status", technician: "Technician", eta: "Arrives",
    minutes: "about {m} min", van: "Your technician is on the way", no_link:
      "This tracking link is not valid.", expired: "This tracking link has expired.",
    rate_title: "How did we do?", feedback: "Comments (optional)", rate_send: "Send rating",
    thanks: "Thank you for your rating!",
    step_new: "Received", step_assigned: "Technician assigned", step_accepted: "Confirmed",
    step_en_route: "On the way", step_on_site: "Arrived", step_completed: "Done",
    st_cancelled: "Cancelled", st_failed: "Could not be finished",
    burst_pipe: "Burst pipe", blocked_drain: "Blocked drain", leak: "Leak",
    lockout: "Locked out", broken_lock: "Broken lock", power_outage: "Power outage",
    electrical_fault: "Electrical fault", no_heating: "No heating",
    boiler_failure: "Boiler failure", appliance_repair: "Appliance repair",
    broken_window: "Broken window", pests: "Pests",
  },
  zh: {
    intake_title: "预约上门维修",
    intake_lead: "请告诉我们发生了什么，我们全天候服务。",
    name: "您的称呼", phone: "手机号码", address: "地址", district: "所在区",
    district_none: "— 请选择，或在地图上标记 —", pin_hint: "点击地图标记您的位置。",
    pinned: "已标记", category: "问题类型", note: "补充说明",
    submit: "提交", sending: "正在提交…", sent: "已收到您的请求",
    sent_lead: "请保存此链接，随时查看师傅的进度：", track_link: "查看进度",
    required: "请填写此项", bad_phone: "请输入电话号码（数字、+ 和空格）",
    need_place: "请在地图上标记位置或选择所在区",
    failed: "提交失败，请检查网络后重试",
    track_title: "您的服务请求", status: "状态", technician: "师傅", eta: "预计到达",
    minutes: "约 {m} 分钟", van: "师傅正在赶来", no_link: "此链接无效。",
    expired: "此链接已过期。",
    rate_title: "请为本次服务评分", feedback: "意见（可选）", rate_send: "提交评分",
    thanks: "感谢您的评价！",
    step_new: "已受理", step_assigned: "已派师傅", step_accepted: "师傅已确认",
    step_en_route: "师傅在路上", step_on_site: "师傅已到达", step_completed: "已完成",
    st_cancelled: "已取消", st_failed: "未能完成",
    burst_pipe: "水管爆裂", blocked_drain: "下水道堵塞", leak: "漏水",
    lockout: "被锁门外", broken_lock: "门锁损坏", power_outage: "停电",
    electrical_fault: "电路故障", no_heating: "暖气不热",
    boiler_failure: "锅炉故障", appliance_repair: "家电维修",
    broken_window: "窗户破损", pests: "虫害",
  },
};

function pickLang() {
  const asked = new URLSearchParams(location.search).get("lang");
  if (asked === "zh" || asked === "en") return asked;
  return (navigator.language || "en").toLowerCase().startsWith("zh") ? "zh" : "en";
}

const LANG = pickLang();

function t(key, vars) {
  let text = (WORDS[LANG] && WORDS[LANG][key]) || WORDS.en[key] || key;
  for (const [k, v] of Object.entries(vars || {})) text = text.replace(`{${k}}`, v);
  return text;
}

function translatePage() {
  document.documentElement.lang = LANG === "zh" ? "zh-CN" : "en";
  for (const el of document.querySelectorAll("[data-t]")) el.textContent = t(el.dataset.t);
  for (const el of document.querySelectorAll("[data-t-placeholder]")) {
    el.placeholder = t(el.dataset.tPlaceholder);
  }
}

// An offline map: the city's district outlines, roads and water drawn from files this
// server ships (no tiles, no CDN).
async function cityMap(id, center) {
  const map = L.map(id, { zoomControl: true, attributionControl: false })
    .setView(center || [31.23, 121.47], 12);
  const styles = {
    shanghai_water: { color: "#4a7fb5", weight: 1, fillColor: "#9cc3e6", fillOpacity: 0.6 },
    shanghai_districts: { color: "#7d8a99", weight: 1, fillColor: "#eef1f4", fillOpacity: 0.9 },
    shanghai_roads: { color: "#c9a44a", weight: 2 },
  };
  for (const name of ["shanghai_districts", "shanghai_water", "shanghai_roads"]) {
    const resp = await fetch(`/web/maps/${name}.geojson`);
    if (resp.ok) L.geoJSON(await resp.json(), { style: styles[name] }).addTo(map);
  }
  return map;
}
