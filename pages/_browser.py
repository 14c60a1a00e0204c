"""What the dashboard adds in the browser: one style and three small scripts, drawn as one sidebar element.

- **A closed sidebar leaves the Tab order.** It slides off screen but its
  links stay focusable: on a phone a keyboard (or switch access) would step
  through eight links nobody can see before reaching the page. Hidden once it
  has slid away, it leaves the Tab order; "Expand sidebar" brings it back.
- **The menu closes once a page is chosen on a narrow screen.** There the
  sidebar lies over the page. Streamlit closes it after a tap on a page only
  when the browser says it is a phone; a narrow window, a tablet, or a phone
  asking for the desktop site kept the menu over the page just chosen.
- **The table and chart code load ahead.** Streamlit's browser code comes in
  parts, and the parts for a table (``st.dataframe``), a Vega-Lite chart
  (with Vega itself, about 750 KiB), a date box or a select box are fetched
  and compiled only when a page first shows one: a first visit to History,
  Trends or Factors waited for that, on top of its own drawing. Once a page
  is drawn and the browser has nothing to do, the script imports those parts,
  once per browser tab, so that the first table or chart finds them ready.
  It waits until the page's run is over: the browser is idle for a moment
  between two of the page's own parts arriving, and loading these then held
  up the first page's drawing (by about 0.15 s, in six starts each way).
  Each part comes with the names of all the files it imports (by itself, a
  part asks for its imports one round after another: the table's 29 files
  came in some ten rounds), and the next part waits for another quiet
  moment, so a page opened meanwhile is drawn first (History opened as
  the loading began took 0.53 s instead of 0.70 s, eight starts each way).
  Nor does it begin before the first page has loaded, as a browser and
  page-load tools tell it (the network quiet for half a second): begun as
  soon as the page was drawn, it kept the page "loading" for more than a
  second after (1.7 times the floor app's start to a quiet network, now
  1.1); a page opened sooner fetches its own parts, as it always did. It
  asks only the dashboard's own server for them, and does nothing if this
  version of Streamlit names its parts otherwise. (The first page's own
  parts, small, are named in Streamlit's page itself: ``diary.dashboard.browser_code``.)

- **A chosen tab or pill is named in the page's own text colour, in bold.**
  Streamlit writes its label in the theme's blue, which reads at 5.5:1 on the
  light page but 3.3:1 (2.9:1 on the pill's tint) on the dark one; the blue
  stays in its underline, border and tint, and in the buttons (white on blue,
  5.5:1 in both).

- **A calendar shows only its own month's days.** Streamlit's date box drew
  the days of the months before and after greyed out, exactly as it greys
  the future days that cannot be chosen: 29 and 30 November looked like days
  not allowed. They are left blank, as paper calendars do.

- **Every small target is at least 24 px each way** (WCAG's minimum): the
  "?" beside a question (16 px), the arrows that scroll a row of tabs (20 px
  wide), a date box's calendar button (16 px tall) and its year, month and
  day (18–20 px), a switch's label (21 px tall), and a chosen file's "Remove" and the "Add files"
  beside it (14 and 20 px). A check box's own
  control (13 px, hidden by Streamlit under the square it draws) is laid
  over that square at 24 px, transparent: a tap on the square, or a tool
  that ticks the box itself (a screen reader's), reaches the same control.

- **A table's or chart's tools never lie over the question above it.**
  Streamlit shows their row (search, download, full screen) 44 px above the
  table or chart once it is touched or hovered, over whatever is there: on a
  phone, after a tap on History's table, it covered "All" of the column
  choice, and a tap there opened "Show/hide columns" instead. Each table and
  chart keeps that band free.

- **In a row of choices, the arrow keys choose** (the pain scale, a
  position): Streamlit's row moves the focus ring with them and chooses only on
  Space or Enter, so a keyboard or screen-reader user heard "3, not checked"
  and Save kept the old answer. As in any radio group, the focused one is
  chosen.

One element, not three: the browser draws every element of a page on every visit.
"""

from __future__ import annotations

import base64
import functools
import json
from pathlib import Path

import streamlit as st

from diary.dashboard.browser_code import code_folder, first_page_files, part_files, with_imports

PARTS = (
    "DataFrame",
    "DateInput",
    "Selectbox",
    "ArrowVegaLiteChart",
    "embed",
    "vega-interpreter",
    "DownloadButton",
)
"""The browser code's parts to load ahead (file names before their hash), each with what it imports
and its own style sheet, if it has one (the table's).

The table and the date box History shows, the select box of Trends and Factors, the chart and
Vega itself, Export's download buttons: with the first three (and the number tiles History then
had), History's first visit three seconds after the first page took 0.8 s instead of 1.0 s. The
table stays ahead of Vega now that the loading waits for the first page to have loaded: History
visited as soon as the page had loaded took 0.62–0.66 s and Trends after it 0.38–0.39 s; with Vega
first, 0.73 s and 0.35 s (benchmark runs of three rounds).
"""

QUIET_NETWORK_MS = 550
"""Milliseconds without a response coming in, once the first page is drawn, before ``PARTS`` begin to
load: just past the half second of a quiet network that marks a page as loaded."""

ICON = Path(__file__).resolve().parent.parent / "assets" / "icon.png"
"""The browser tab's icon: a picture kept with the dashboard. (A Material icon would be fetched by the
browser from a font server on the internet, and the diary never talks to anyone else.)"""

NARROW_PX = 768
"""Below this width Streamlit lays the sidebar over the page (its ``md`` breakpoint) and starts it closed."""

TOOLS_BAND = "1.75rem"
"""Room above a table or chart for its tools: with the 1rem between elements, the 44 px they rise above it."""

_CHOSEN = (
    "[role='tab'][aria-selected='true']",
    "button[data-variant][aria-checked='true']",
    "button[data-variant][aria-pressed='true']",
)
"""A chosen tab, pill or segment (the pain scale): Streamlit writes its label in the theme's blue."""

_BOX = (
    "[data-testid='stCheckbox'] label>span:first-child:has(>input[type='checkbox']:not([role='switch'])),"
    "[data-testid='stRadioOption']>span:first-child:has(>input[type='radio'])"
)
"""The real check box (not a switch's) or radio button in the span Streamlit hides it in, clipped to nothing,
under a drawn square or circle: widened to 24 px, unseen, over it, so that a tap or a click on it counts."""

_STYLE = (
    "<style>section[data-testid='stSidebar'][data-collapsed='true']"
    "{visibility:hidden;transition:visibility 0s linear 0.3s}"
    + ",".join(f"{chosen},{chosen} p" for chosen in _CHOSEN)
    + "{color:inherit!important;font-weight:700}"
    + "[role='gridcell'] [data-outside-month='true']{visibility:hidden}"
    # The menu button and the menu's links: on a phone the only way to the other pages, so as large as the
    # pain scale's.
    + "[data-testid='stExpandSidebarButton']{min-width:44px;min-height:44px}"
    + "@media (max-width:640px){[data-testid='stSidebarNavLink']{min-height:44px;align-items:center}}"
    # A calendar's month and year lists as a phone opens them (native lists laid over its heading: 23 px).
    + "[data-testid='hidden-select-container'] select{min-height:24px}"
    # A yes/no box reached by the keyboard: a ring around its row, in the text's own colour (Streamlit's own
    # mark, a faint wash, all but vanished on the pink of the warning symptoms and on the dark theme).
    + "[data-testid='stCheckbox'] label:has(input:focus-visible)"
    + "{outline:2px solid currentColor;outline-offset:2px;border-radius:0.25rem}"
    # A page's title on a phone with its text made large: no larger than fits a word of eight letters on a
    # line ("Log a mornin / g" at twice the size); at the usual size the same as Streamlit's.
    + "@media (max-width:640px){.stMain h1{font-size:min(2.75rem,12vw)}}"
    + "[data-testid='stTooltipHoverTarget'] button,[data-testid^='stTabsScroll'],"
    + "[data-testid='stDateInputCalendarButton']"
    + "{min-width:24px;min-height:24px;justify-content:center;align-items:center}"
    + "[data-testid='stCheckbox'] label,[data-testid='stRadio'] label{min-height:24px;align-items:center}"
    + f"[data-testid='stCheckbox'] label,[data-testid='stRadioOption']{{position:relative}}{_BOX}"
    + "{clip:auto!important;clip-path:none!important;overflow:visible!important;width:24px!important;"
    + "height:24px!important;margin:0!important;left:-4px;top:calc(50% - 12px);z-index:1;opacity:0}"
    + "".join(f"{box} input{{width:100%;height:100%;margin:0;cursor:pointer}}" for box in _BOX.split(","))
    + "[data-testid='stTimeInputClearButton'],[data-testid='stNumberInputClearButton'],"
    + "[data-testid='stFileChipDeleteBtn'] button,[data-testid='stFileUploaderDropzone'] button,"
    + "[role='dialog'] button[aria-label='Close']{min-width:24px;min-height:24px}"
    + "[data-testid='stCheckbox'] input[role='switch']{min-width:24px;min-height:24px}"
    + "[data-testid='stDateInputFieldsScroller'] [role='spinbutton'],"
    + "[data-testid='stTimeInputTimeDisplay'] [role='spinbutton']"
    + "{display:inline-block;min-width:24px;min-height:24px;line-height:24px;text-align:center}"
    + "[data-testid='stElementContainer']:has(>[data-testid='stFullScreenFrame']>*>[data-testid='stElementToolbar'])"
    + f"{{margin-top:{TOOLS_BAND}}}"
    # A menu link reached by keyboard is outlined, not only tinted fainter than the page it is on.
    + "[data-testid='stSidebarNav'] a:focus-visible{outline:2px solid currentColor;outline-offset:-2px}"
    + "</style>"
)

_CLOSE_MENU = """
(() => {
    if (window.diaryMenuCloses) return;
    window.diaryMenuCloses = true;
    document.addEventListener('click', (event) => {
        if (window.innerWidth >= NARROW_PX || !event.target.closest('[data-testid="stSidebarNav"] a')) return;
        // After Streamlit's own handling of the tap: on a phone it may have closed the menu already.
        setTimeout(() => {
            const sidebar = document.querySelector('section[data-testid="stSidebar"]');
            if (sidebar === null || sidebar.dataset.collapsed !== 'false') return;
            document.querySelector('[data-testid="stSidebarCollapseButton"] button')?.click();
        }, 0);
    });
})();
"""

_ARROWS_CHOOSE = """
(() => {
    if (window.diaryArrowsChoose) return;
    window.diaryArrowsChoose = true;
    const keys = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End']);
    document.addEventListener('keydown', (event) => {
        const from = event.target;
        const row = from.closest && from.closest('[role="radiogroup"]');
        if (!keys.has(event.key) || !row || !from.matches('[role="radio"]')) return;
        // After the row's own handling has moved the focus: choose the one focused, as a radio group does.
        setTimeout(() => {
            const now = document.activeElement;
            if (now !== from && row.contains(now) && now.matches('[role="radio"]')
                && now.getAttribute('aria-checked') !== 'true') now.click();
        }, 0);
    }, true);  // caught on its way down: the row stops the key from going further up
})();
"""

_LOAD_PARTS = """
(() => {
    if (window.diaryPartsLoaded) return;
    window.diaryPartsLoaded = true;
    const main = document.querySelector('script[src*="static/js/index."]');
    const app = document.querySelector('[data-testid="stApp"]');
    if (!main || !app) return;
    const url = (file) => new URL(file, main.src).href;
    const idle = window.requestIdleCallback || ((then) => setTimeout(then, 1000));
    // Once no page runs and the browser has nothing to do: the browser is idle for a moment between two
    // of a page's own parts arriving, and loading these then held up the page's drawing.
    const quiet = () => new Promise((go) => {
        const wait = () => (app.dataset.testScriptState === 'running' ? setTimeout(wait, 100) : idle(go, {timeout: 5000}));
        wait();
    });
    // Once no response has come in for QUIET_NETWORK_MS ms.
    const networkQuiet = () => new Promise((go) => {
        const check = () => {
            const ends = performance.getEntriesByType('resource').map((entry) => entry.responseEnd);
            const quietFor = performance.now() - Math.max(0, ...ends);
            if (quietFor >= QUIET_NETWORK_MS) go(); else setTimeout(check, QUIET_NETWORK_MS - quietFor);
        };
        check();
    });
    (async () => {
        // Not before the first page has loaded: a browser and page-load tools tell that a page has
        // finished loading by its network being quiet for half a second, and a fetch within it would put
        // that moment off. A page opened sooner loads its own parts, as it would without this.
        await quiet();
        await networkQuiet();
        // Part after part, in the order named, each in a quiet moment: a page opened meanwhile is drawn
        // first. A part's files are named all at once (by itself it asks for its imports one round after
        // another), fetched and compiled together, and then the part is run.
        for (const [part, files, styles] of PARTS) {
            await quiet();
            files.forEach((file) => {
                const link = document.createElement('link');
                Object.assign(link, {rel: 'modulepreload', crossOrigin: '', href: url(file)});
                document.head.appendChild(link);
            });
            // Fetched, not applied: Streamlit applies the sheet when it first shows the part.
            styles.forEach((file) => {
                const link = document.createElement('link');
                Object.assign(link, {rel: 'preload', as: 'style', href: url(file)});
                document.head.appendChild(link);
            });
            await import(url(part)).catch(() => {});
        }
    })();
})();
"""


@functools.cache
def later_parts() -> tuple[str, ...]:
    """The file names of ``PARTS`` among Streamlit's browser code (``diary.dashboard.browser_code``)."""
    return part_files(PARTS)


@functools.cache
def later_code() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each of ``later_parts`` with the files it imports that neither the first page nor an earlier part loads."""
    folder = code_folder()
    if folder is None:
        return ()
    loaded = set(first_page_files(folder))
    found = []
    for part in later_parts():
        files = with_imports((part,), folder, loaded)
        loaded.update(files)
        found.append((part, files))
    return tuple(found)


@functools.cache
def later_styles() -> dict[str, tuple[str, ...]]:
    """The style sheets of ``later_parts`` (by part file), as named from the parts' folder (``../css/…``)."""
    folder = code_folder()
    if folder is None:
        return {}
    sheets = folder.parent / "css"
    return {
        part: tuple(f"../css/{sheet.name}" for sheet in sorted(sheets.glob(f"{part.split('.')[0]}.*.css")))
        for part in later_parts()
    }


def later_named() -> list[list[object]]:
    """What the browser is told to load, part after part: the part, the files it needs, its style sheets."""
    styles = later_styles()
    return [
        [f"./{part}", [f"./{name}" for name in files], list(styles.get(part, ()))]
        for part, files in later_code()
    ]


@functools.cache
def tab_icon() -> str:
    """``ICON`` written into a ``data:`` address, for ``st.set_page_config``.

    Given as a file, Streamlit opened it with Pillow (and imported numpy for
    that, on the first page) on every page's run, and served it at a new
    address that the browser fetched again after every page switch.
    """
    return "data:image/png;base64," + base64.b64encode(ICON.read_bytes()).decode("ascii")


@functools.cache
def _additions() -> str:
    """The style and the scripts above, as the one element's body: the same for every run of the process."""
    script = _CLOSE_MENU.replace("NARROW_PX", str(NARROW_PX), 1) + _ARROWS_CHOOSE
    named = later_named()
    if named:
        script += _LOAD_PARTS.replace("PARTS", json.dumps(named), 1).replace(
            "QUIET_NETWORK_MS", str(QUIET_NETWORK_MS)
        )
    return f"{_STYLE}<script>{script}</script>"


def browser_additions() -> None:
    """In the sidebar (it takes no room there): the style and the scripts above, as one element."""
    st.sidebar.html(_additions(), unsafe_allow_javascript=True)
