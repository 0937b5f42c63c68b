// ReDoc inserts <style> elements as it renders: it gives them this script's nonce, which the
// Content-Security-Policy allows (a nonce cannot be read from the page's markup, only here).
"use strict";
(function () {
  const container = document.getElementById("redoc-container");
  const nonce = document.currentScript ? document.currentScript.nonce : "";
  window.__webpack_nonce__ = nonce;
  window.Redoc.init(container.dataset.schemaUrl, { nonce: nonce }, container);
})();
