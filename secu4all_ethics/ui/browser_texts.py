"""What the browser shows outside the page's own widgets, in the user's language (issue #15 point 2):
the document's language (<html lang>, which screen readers and hyphenation follow), a tab title per
page, and the few words Streamlit writes itself in English (the skip link, the file uploader's button
and size note, the date fields' placeholders and the names of their parts, a toast's "view more" and
"Close").

Streamlit offers no setting for these, so a small script puts the catalog's words in place and keeps
them there when Streamlit redraws (a MutationObserver); the words and the language come from here."""

from __future__ import annotations

import json

import streamlit as st

from ..i18n import t

APP_NAME = "Secu4All Ethics"

_SCRIPT = """
<script>
(() => {
  window.__secu4allTexts = %s;
  const apply = () => {
    const words = window.__secu4allTexts;
    if (document.documentElement.lang !== words.lang) document.documentElement.lang = words.lang;
    // Text nodes are changed in place (nodeValue): React keeps hold of them and updates them later.
    const skip = document.querySelector('[data-testid="stSkipToContent"]')?.firstChild;
    if (skip && skip.nodeType === Node.TEXT_NODE && skip.nodeValue !== words.skip) skip.nodeValue = words.skip;
    for (const zone of document.querySelectorAll('[data-testid="stFileUploaderDropzone"]')) {
      const walker = document.createTreeWalker(zone, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        // Only a change is written: writing the same value is a mutation too, and would wake this observer forever.
        if (node.nodeValue === "Upload" && words.upload !== "Upload") node.nodeValue = words.upload;
        else if (/^\\S+ per file$/.test(node.nodeValue) && node.nodeValue !== words.per_file) node.nodeValue = words.per_file;
      }
    }
    // A toast too long for its box offers to show the rest; it closes with a button named "Close".
    for (const button of document.querySelectorAll('[data-testid="stToastViewButton"]')) {
      const text = button.firstChild;
      const word = text && text.nodeType === Node.TEXT_NODE ? {"view more": words.view_more, "view less": words.view_less}[text.nodeValue] : undefined;
      if (word && word !== text.nodeValue) text.nodeValue = word;
    }
    for (const close of document.querySelectorAll('[data-testid="stToast"] [aria-label="Close"]')) {
      if (words.close !== "Close") close.setAttribute("aria-label", words.close);
    }
    // A date field is a row of segments (day, month, year); an empty one shows its placeholder.
    for (const segment of document.querySelectorAll('[data-testid="stDateInput"] [role="spinbutton"]')) {
      const part = words.date[segment.dataset.type];
      if (!part) continue;
      const text = segment.firstChild;
      if (segment.dataset.placeholder === "true" && text && text.nodeType === Node.TEXT_NODE && text.nodeValue !== part.placeholder) text.nodeValue = part.placeholder;
      const label = segment.getAttribute("aria-label");
      if (label && label.startsWith(segment.dataset.type + ", ")) segment.setAttribute("aria-label", part.name + label.slice(segment.dataset.type.length));
    }
  };
  apply();
  if (!window.__secu4allObserver) {
    window.__secu4allObserver = new MutationObserver(apply);
    window.__secu4allObserver.observe(document.body, {childList: true, subtree: true, characterData: true});
  }
})();
</script>
"""


def browser_words(language: str) -> dict[str, object]:
    return {
        "lang": language,
        "skip": t("browser.skip_to_content", language),
        "upload": t("browser.upload", language),
        "view_more": t("browser.view_more", language),
        "view_less": t("browser.view_less", language),
        "close": t("browser.close", language),
        "per_file": t("browser.per_file", language, size=t("browser.one_megabyte", language)),
        "date": {
            part: {"placeholder": t(f"browser.date.{part}", language), "name": t(f"browser.date.{part}_name", language)} for part in ("day", "month", "year")
        },
    }


def localize_browser(language: str, page_title: str, *, in_sidebar: bool = True) -> None:
    """Call once per run, after st.navigation: the tab names the page, the document its language.

    in_sidebar=False for a page without a sidebar (a workshop participant's phone): anything put
    in the sidebar would bring it, and its toggle, back."""
    st.set_page_config(page_title=f"{page_title} · {APP_NAME}")
    with st.sidebar if in_sidebar else st.container():
        st.html(_SCRIPT % json.dumps(browser_words(language), ensure_ascii=False), unsafe_allow_javascript=True)
