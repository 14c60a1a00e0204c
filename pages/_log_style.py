"""The Log page's own style: the few things Streamlit's widgets cannot be told to do.

Kept in one constant and injected once per run, and every rule is scoped by a
widget key (``.st-key-<key>``), so nothing else in the app changes. Why each
rule exists:

- the pain scale: eleven buttons on one row on a 390 px phone, each at least
  44 px tall (the WCAG touch-target size), as wide as the row allows;
- the save bar: stays at the bottom of the screen while the person scrolls, so
  Save is always one tap away; it needs the page's background behind it;
- the warning symptoms: a box unlike any ordinary choice (a red edge and
  tint), its labels wrapping in full rather than cut off, each row a 44 px
  target;
- advice scrolled into view must not end up under the header bar or the
  save bar;
- on a phone, less empty space above the title (the page holding the pain
  scale only): with the emergency-number question and a week's warnings
  above the form, the pain question would otherwise slip under the save bar;
  on a screen under 500 px tall (a phone held sideways) the title is for
  screen readers only, or the save bar would cover the pain scale.

Streamlit keeps the scroll position across reruns and has no way to move it,
so ``pages._parts.scroll_into_view`` is one of the page's two pieces of JavaScript: after a
save (the advice is the first thing in view) and when a warning symptom is
ticked (its advice below it must not stay out of sight). The other,
``reachable_by_keyboard``, lets the keyboard reach (and so scroll) the list
of problems at Save when it is longer than its few lines.
"""

from __future__ import annotations

import json

import streamlit as st

from pages._parts import NONCE

SAVE_BAR_PROBLEMS = '.st-key-save_bar [data-testid="stAlert"]'
"""The list of problems at Save after a failed save (CSS): it scrolls within a few lines, reachable by keyboard."""

STYLE = """
<style>
/* On a phone: less empty space above the title, so the pain question stays on the first screen. */
@media (max-width: 640px) { .stMainBlockContainer:has(.st-key-pain) { padding-top: 4rem; } }
/* A screen this short (a phone held sideways): the title is left to screen readers (the menu names the
   page), so the pain question is clear of the save bar kept at the bottom. */
@media (max-height: 500px) {
    .stMainBlockContainer:has(.st-key-pain) { padding-top: 4rem; }
    .stMainBlockContainer:has(.st-key-pain) [data-testid="stElementContainer"]:has(h1) {
        position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0;
        overflow: hidden; clip-path: inset(50%); white-space: nowrap;
    }
}
/* The pain scale: one row of 11 targets, each >= 44 px tall, sharing the width. With the phone's text
   made large (twice the size), "10" no longer fits a twelfth of the width: the row then breaks into
   columns each as wide as its number needs, rather than cutting "10" to "1.". */
.st-key-pain [role="radiogroup"] {
    display: grid; grid-template-columns: repeat(auto-fit, minmax(1.6rem, 1fr));
    width: 100%; overflow: visible;
}
.st-key-pain [role="radiogroup"] button { min-width: 0; min-height: 44px; padding-left: 0; padding-right: 0; }
.st-key-pain [role="radiogroup"] button p { font-size: 1.05rem; }

/* The save bar: sticks to the bottom of the screen until the end of the form scrolls into view.
   Sticky needs room in its parent, so it is set on the wrapper Streamlit puts around the bar.
   Its background must hide what scrolls beneath: the app's own colour (light or dark theme) is
   passed down by making each ancestor of the bar (and only those) inherit it. */
.stApp *:has(.st-key-save_bar), .st-key-save_bar { background-color: inherit; }
[data-testid="stLayoutWrapper"]:has(> .st-key-save_bar) {
    position: sticky; bottom: 0; z-index: 10;
    padding: 0.5rem 0 0.75rem 0;
    box-shadow: 0 -1px 0 rgba(128, 128, 128, 0.35);
}
.st-key-save_bar button { min-height: 48px; }
/* After a failed save, the list at Save scrolls within a few lines: a long one would cover the form it
   asks to change (each answer's own message is beside it too). One problem, the most a routine morning
   has (pain not chosen), fits on a phone whole. */
SAVE_BAR_PROBLEMS { max-height: min(12rem, 28vh); overflow-y: auto; }

/* Warning symptoms: a box that looks unlike ordinary choices, every label in full. */
.st-key-red_flags_box {
    border-left: 6px solid #b3261e !important;
    background-color: rgba(179, 38, 30, 0.06);
}
.st-key-red_flags_box label p { white-space: normal; overflow: visible; text-overflow: clip; }
/* Each symptom's whole row takes the tap, 44 px tall; the rows closer together, so the box is no taller. */
.st-key-red_flags_box [data-testid="stCheckbox"] label { min-height: 44px; }
.st-key-red_flags_box > [class*="st-key-red_flag_"] + [class*="st-key-red_flag_"] { margin-top: -0.75rem; }

/* Advice scrolled into view (after a save, or under a symptom just ticked) must end up clear
   of Streamlit's header bar at the top and of the save bar at the bottom. */
.st-key-after_save { scroll-margin-top: 4.5rem; }
.st-key-red_flags_box [class*="st-key-advice_"] { scroll-margin-bottom: 7rem; scroll-margin-top: 4.5rem; }

/* A control reached by the keyboard is scrolled clear of the save bar at the bottom and the header bar
   at the top (focus never hidden behind them). */
.stMainBlockContainer:has(.st-key-pain) :is(input, button, textarea, select, summary, a, [tabindex]) {
    scroll-margin-bottom: 6rem; scroll-margin-top: 4.5rem;
}

/* The page's other taps touch-sized too: the day buttons and the typed date beside them (a row of its
   own height, so nothing moves), the folded sections' headings, the buttons opening a kept draft, and
   the first-use question for the emergency number. */
.st-key-day_row button { min-height: 44px; }
.st-key-day_row [data-testid="stTextInputRootElement"] { height: 44px; }
.st-key-day_row input { min-height: 42px; }  /* the whole box inside its 1 px border takes the tap */
.stMainBlockContainer:has(.st-key-pain) [data-testid="stExpander"] summary { min-height: 44px; }
.stMainBlockContainer:has(.st-key-pain) [class*="st-key-open_draft_"] button { min-height: 44px; }
.st-key-discard_draft button { min-height: 44px; }
.st-key-number_prompt button { min-height: 44px; }
.st-key-number_prompt [data-testid="stTextInputRootElement"] { height: 44px; }
</style>
""".replace("SAVE_BAR_PROBLEMS", SAVE_BAR_PROBLEMS)


def inject_style() -> None:
    """Add the page's style (takes no room on the page: Streamlit puts style-only HTML out of the flow)."""
    st.html(STYLE)


def reachable_by_keyboard(selector: str) -> None:
    """Let the keyboard reach the box ``selector`` (CSS) once this run has drawn it, if it scrolls within itself.

    A box that scrolls (the problems listed at Save) but takes no focus cannot
    be scrolled without a mouse or a finger: focusable, its arrows scroll it.
    """
    st.html(
        f"<script>/* {next(NONCE)} */ setTimeout(() => {{"
        f" const box = document.querySelector({json.dumps(selector)});"
        " if (box && box.scrollHeight > box.clientHeight) box.tabIndex = 0; }, 50);</script>",
        unsafe_allow_javascript=True,
    )
