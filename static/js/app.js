/* Opgaveudvalg: start dkfds and focus the error summary. Loaded with defer, after dkfds.min.js. */
(function () {
  'use strict';

  function ready(callback) {
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', callback);
    } else {
      callback();
    }
  }

  ready(function () {
    // dkfds does not start itself: init() wires the mobile menu, dropdowns, accordions,
    // tabs, tooltips and the error summary (which it focuses).
    if (window.DKFDS && typeof window.DKFDS.init === 'function') {
      window.DKFDS.init();
    }

    // Also when dkfds failed to load: a form with errors starts at its summary.
    var summary = document.querySelector('[data-module="error-summary"]');
    if (summary && document.activeElement !== summary) {
      summary.focus();
    }
  });
})();
