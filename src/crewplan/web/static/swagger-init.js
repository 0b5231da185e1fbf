// Swagger UI over this server's OpenAPI description (a file, so the page needs no inline script).
"use strict";
(function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({ url: root.getAttribute("data-openapi"), dom_id: "#swagger-ui",
                                deepLinking: true, validatorUrl: null });
})();
