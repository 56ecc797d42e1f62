// Start the design system's behaviour (menus, accordions, character counters).
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS) { window.DKFDS.init(); }
});

// DKFDS's mobile menu opens and closes the drawer (and keeps focus inside it) by a class on
// <body>; it does not tell assistive technology. Keep the menu button's aria-expanded in step.
document.addEventListener("DOMContentLoaded", function () {
  var buttons = document.querySelectorAll(".js-menu-open[aria-controls]");
  if (!buttons.length) { return; }
  var sync = function () {
    var open = document.body.classList.contains("mobile-nav-active");
    buttons.forEach(function (button) { button.setAttribute("aria-expanded", open ? "true" : "false"); });
  };
  new MutationObserver(sync).observe(document.body, { attributes: true, attributeFilter: ["class"] });
  sync();
});
