"use strict";
document.getElementById("login").addEventListener("submit", async (e) => {
  e.preventDefault();
  const body = { user: document.getElementById("user").value, password: document.getElementById("password").value };
  const r = await fetch("/api/login", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body), credentials: "same-origin" });
  if (r.ok) { location.href = "/console/"; return; }
  document.getElementById("login-error").textContent = (await r.json().catch(() => ({}))).error || "log in failed";
});
