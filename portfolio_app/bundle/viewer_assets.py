"""The style sheet and script inlined into index.html (no fonts or files from outside the bundle)."""

STYLE = """
:root { --ink:#1d2430; --muted:#5b6472; --line:#d9dee6; --accent:#1f5fa8; --pass:#1e7a46; --notyet:#a4451b;
  --paper:#ffffff; --wash:#f4f6f9; --mark:#ffd84d; }
* { box-sizing: border-box; }
body { margin:0; background:var(--wash); color:var(--ink);
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header.cover { background:var(--ink); color:#fff; padding:2.5rem max(1.5rem, calc(50% - 28rem)) 2rem; }
header.cover h1 { margin:.2rem 0 .6rem; font-size:2rem; line-height:1.2; }
.eyebrow { text-transform:uppercase; letter-spacing:.08em; font-size:.8rem; opacity:.75; margin:0; }
.competency { max-width:46rem; opacity:.9; }
dl.facts { display:grid; grid-template-columns:repeat(auto-fit, minmax(13rem, 1fr)); gap:.5rem 1.5rem;
  margin:1.2rem 0 0; }
dl.facts dt { font-size:.75rem; text-transform:uppercase; letter-spacing:.06em; opacity:.7; }
dl.facts dd { margin:0; font-weight:600; }
nav { position:sticky; top:0; z-index:2; background:var(--paper); border-bottom:1px solid var(--line);
  padding:.6rem max(1.5rem, calc(50% - 28rem)); display:flex; gap:1.5rem; flex-wrap:wrap; }
nav a { color:var(--accent); text-decoration:none; font-weight:600; }
main { max-width:56rem; margin:0 auto; padding:1rem 1.5rem 3rem; }
section { background:var(--paper); border:1px solid var(--line); border-radius:8px; padding:1.2rem 1.5rem;
  margin:1.5rem 0; }
h2 { margin-top:0; font-size:1.4rem; border-bottom:2px solid var(--ink); padding-bottom:.3rem; }
h3 { font-size:1.1rem; margin:1.4rem 0 .5rem; }
h4 { font-size:1rem; margin:.2rem 0 .4rem; }
.response { border-left:3px solid var(--line); padding-left:1rem; margin:1rem 0 1.4rem; }
.words { color:var(--muted); font-size:.85rem; } .words.over { color:var(--notyet); font-weight:600; }
.missing { color:var(--muted); font-style:italic; }
.draft { background:#fff6d6; border:1px solid #e7c84a; border-radius:8px; padding:.8rem 1.2rem; margin-top:1.5rem; }
table.rubric { width:100%; border-collapse:collapse; font-size:.95rem; }
table.rubric th, table.rubric td { border-top:1px solid var(--line); padding:.7rem .5rem; text-align:left;
  vertical-align:top; }
table.rubric thead th { border-top:0; font-size:.8rem; text-transform:uppercase; letter-spacing:.05em;
  color:var(--muted); }
.part { display:block; font-weight:400; color:var(--muted); font-size:.8rem; }
ol.levels { list-style:none; padding:0; margin:0 0 .4rem; display:flex; flex-wrap:wrap; gap:.25rem; }
li.level { border:1px solid var(--line); border-radius:4px; padding:.1rem .45rem; font-size:.8rem; color:var(--muted); }
li.level.passing { border-style:dashed; border-color:var(--pass); }
li.level.chosen { background:var(--ink); color:#fff; border-color:var(--ink); font-weight:600; }
.badge { display:inline-block; border-radius:999px; padding:.05rem .6rem; font-size:.75rem; font-weight:700; }
.badge.pass { background:#dcf2e4; color:var(--pass); } .badge.notyet { background:#fbe5da; color:var(--notyet); }
.badge.missing { background:var(--wash); color:var(--muted); }
article.evidence { border-top:1px solid var(--line); padding-top:1rem; margin-top:1rem; }
article.evidence:first-of-type { border-top:0; }
.number { display:inline-block; min-width:1.8rem; height:1.8rem; line-height:1.8rem; text-align:center;
  border-radius:50%;  background:var(--ink); color:#fff; font-size:.85rem; margin-right:.6rem; }
p.facts, .requirement, .hash { color:var(--muted); font-size:.85rem; margin:.2rem 0 .6rem; }
.hash code { font-size:.75rem; word-break:break-all; }
video, img { max-width:100%; border-radius:6px; background:#000; display:block; }
audio { width:100%; }
.stage { position:relative; display:inline-block; max-width:100%; }
.stage img { background:none; }
.region { position:absolute; border:2px dashed rgba(255,216,77,.8); border-radius:3px; pointer-events:none; }
.region.active { border:3px solid var(--mark); box-shadow:0 0 0 9999px rgba(0,0,0,.45); }
a.document { display:inline-flex; gap:1rem; align-items:center; color:var(--accent); font-weight:600; }
a.document img.page { width:9rem; border:1px solid var(--line); background:#fff; }
figure.page-stage { margin:.8rem 0; } figure.page-stage img.page { background:#fff; border:1px solid var(--line); }
figure.page-stage figcaption { font-size:.85rem; }
ul.tag-list { padding-left:1.2rem; }
a.tag-link { color:var(--accent); font-weight:600; text-decoration:none; border-bottom:1px dotted var(--accent); }
a.tag-link.playing { background:var(--mark); color:var(--ink); }
.tag-note { color:var(--muted); }
p.note { white-space:pre-wrap; }
.note-text { border-left:3px solid var(--line); padding-left:.8rem; }
p.tags a.tag-link { margin-right:.8rem; display:inline-block; }
footer { text-align:center; color:var(--muted); font-size:.8rem; padding:0 1.5rem 2rem; }
@media print {
  body { background:#fff; font-size:11pt; } nav, video, audio, a.tag-link::before { display:none; }
  header.cover { background:#fff; color:var(--ink); border-bottom:3px solid var(--ink); padding:0 0 1rem; }
  section { border:0; padding:0; break-inside:auto; } article.evidence, tr { break-inside:avoid; }
  li.level.chosen { background:#fff; color:var(--ink); border:2px solid var(--ink); }
  .region { border-color:#000; }
}
"""

SCRIPT = """
(function () {
  "use strict";
  var stopAt = null, current = null, active = null;
  function media(id) { return document.getElementById("media-" + id); }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.tag-link") : null;
    if (!link) {  // a click anywhere else lifts the highlight of a region
      if (active) { active.classList.remove("active"); active = null; }
      return;
    }
    var player = media(link.dataset.evidence);
    if (link.dataset.start !== undefined && player && player.play) {
      event.preventDefault();
      if (current) current.classList.remove("playing");
      current = link; link.classList.add("playing");
      stopAt = { player: player, end: parseFloat(link.dataset.end) };
      player.scrollIntoView({ behavior: "smooth", block: "center" });
      var start = parseFloat(link.dataset.start);
      var go = function () {
        player.currentTime = start;
        var p = player.play();
        if (p && p.catch) p.catch(function () {});
      };
      if (player.readyState >= 1) go();
      else { player.addEventListener("loadedmetadata", go, { once: true }); player.load(); }
    } else if (link.dataset.region) {
      event.preventDefault();
      if (active) active.classList.remove("active");
      active = document.getElementById(link.dataset.region);
      if (active) {
        active.classList.add("active");
        active.parentNode.scrollIntoView({ behavior: "smooth", block: "center" });
      }
    }
  });
  document.addEventListener("timeupdate", function (event) {
    if (stopAt && event.target === stopAt.player && event.target.currentTime >= stopAt.end) {
      event.target.pause(); stopAt = null;
      if (current) { current.classList.remove("playing"); current = null; }
    }
  }, true);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && active) { active.classList.remove("active"); active = null; }
  });
})();
"""
