// The plan review page: selecting words of the repaired text fills the offsets of the form that
// adds a fact from a selection ("从所选文字添加"). Offsets count Unicode scalars (code points) of the
// repaired text, as the server does; the text is cut into one element per piece (marks and plain
// runs), each with `data-at`, its offset in the text, so that the marks never shift the count.
// Without this script the same form, always shown, takes typed offsets.
(function () {
  "use strict";
  var text = document.getElementById("source-text");
  var form = document.getElementById("select-form");
  if (!text || !form) return;
  var length = Number(text.getAttribute("data-length")) || 0;
  var preview = form.querySelector(".selection-preview");
  var shown = form.querySelector(".selection-preview .selected");

  // Code points in a string: a surrogate pair counts once.
  function codePoints(s) {
    var n = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c >= 0xD800 && c <= 0xDBFF && i + 1 < s.length) {
        var d = s.charCodeAt(i + 1);
        if (d >= 0xDC00 && d <= 0xDFFF) i++;
      }
      n++;
    }
    return n;
  }

  // The pieces of the text in document order: their text node and offset.
  function pieces() {
    var list = [];
    var elements = text.querySelectorAll("[data-at]");
    for (var i = 0; i < elements.length; i++) {
      var node = elements[i].firstChild;
      if (node && node.nodeType === Node.TEXT_NODE) list.push({ node: node, at: Number(elements[i].getAttribute("data-at")) });
    }
    return list;
  }

  // The offset in the repaired text of a boundary point of a range (a node and an offset in it).
  function offsetOf(container, offset, list) {
    var point = document.createRange();
    point.setStart(container, offset);
    point.collapse(true);
    for (var i = 0; i < list.length; i++) {
      var piece = list[i];
      if (piece.node === container) {
        // Never split a surrogate pair: a boundary inside one moves past it.
        return piece.at + codePoints(piece.node.data.slice(0, offset));
      }
      // The first piece that starts at or after the boundary gives its offset.
      if (point.comparePoint(piece.node, 0) >= 0) return piece.at;
    }
    return length;
  }

  function update() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return;
    var range = selection.getRangeAt(0);
    if (!range.intersectsNode(text)) return;
    var list = pieces();
    var whole = document.createRange();
    whole.selectNodeContents(text);
    var start = range.compareBoundaryPoints(Range.START_TO_START, whole) <= 0 ? 0
      : offsetOf(range.startContainer, range.startOffset, list);
    var end = range.compareBoundaryPoints(Range.END_TO_END, whole) >= 0 ? length
      : offsetOf(range.endContainer, range.endOffset, list);
    if (end <= start) return;
    form.elements.start.value = String(start);
    form.elements.end.value = String(end);
    var words = range.toString();
    shown.textContent = words.length > 120 ? words.slice(0, 120) + "…" : words;
    form.classList.add("has-selection");
  }

  // With the script the offsets and the kind buttons appear once words are selected.
  // Offsets the page came back with (a refused selection, as typed) stay in view.
  form.classList.add("enhanced");
  if (form.elements.start.value || form.elements.end.value) form.classList.add("has-selection");
  if (preview) preview.hidden = false;
  document.addEventListener("selectionchange", update);
  text.addEventListener("mouseup", update);
  text.addEventListener("keyup", update);
})();
