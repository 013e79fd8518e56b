// Draws the bar chart on the index page from its JSON data, and marks that
// scripts ran, so the tests can tell JavaScript on from off.
document.documentElement.dataset.js = "on";
document.addEventListener("DOMContentLoaded", () => {
  const canvas = document.getElementById("bars");
  const data = JSON.parse(document.getElementById("bars-data").textContent);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#1f5fa8";
  data.forEach((v, i) => ctx.fillRect(10 + i * 60, canvas.height - v, 40, v));
  canvas.dataset.drawn = String(data.length);
});
