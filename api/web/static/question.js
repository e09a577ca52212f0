/* Question page: fill the answer box from the draft or a suggestion without reloading the page.
   Without this script, "Pakai jawaban ini" is a link the server answers with the box filled. */
(function () {
  "use strict";
  var answer = document.getElementById("jawaban");
  if (!answer) { return; }
  var source = document.getElementById("sumber");
  var basedOn = document.getElementById("dasar");
  var basis = document.getElementById("dasar-jawaban");
  var draftButton = document.getElementById("pakai-draf");
  var newButton = document.getElementById("tulis-baru");

  function setBasis(kind, ref, text) {
    source.value = kind;
    basedOn.value = ref || "";
    basis.textContent = "Dasar jawaban: ";
    var strong = document.createElement("strong");
    strong.textContent = text;
    basis.appendChild(strong);
  }

  function fill(text) {
    answer.value = text;
    answer.focus();
    answer.setSelectionRange(0, 0);
    answer.scrollTop = 0;
  }

  if (draftButton) {
    draftButton.addEventListener("click", function () {
      fill(draftButton.getAttribute("data-draft") || "");
      setBasis("draft", "", "draf mesin");
    });
  }
  if (newButton) {
    newButton.addEventListener("click", function () {
      fill("");
      setBasis("new", "", "ditulis baru");
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll(".use-suggestion"), function (link) {
    link.addEventListener("click", function (event) {
      var origin = document.getElementById(link.getAttribute("data-answer"));
      if (!origin) { return; }
      event.preventDefault();
      fill(origin.textContent);
      var ref = link.getAttribute("data-ref");
      setBasis("suggestion", ref, "saran " + link.getAttribute("data-rank") + " (" + ref + ")");
    });
  });
})();
