"""Settings: the emergency number that red-flag advice tells you to call, and where things are kept."""

import streamlit as st

from diary import DiaryError
from diary.phone import SETTINGS_CAPTION, SETTINGS_HEADING, active_phone, qr_png
from diary.safety import NOT_A_DIAGNOSIS, NUMBER_HELP, number_in_use, number_saved_message
from diary.settings import Settings, SettingsNotSaved, save_settings, settings_path
from pages._shared import current_diary, settings, use_app_navigation

NOTICE = "settings_notice"  # (kind, text) from the last save


def save() -> None:
    """The save button: validate and store the number, or say what is wrong and change nothing."""
    typed = str(st.session_state.get("emergency_number") or "")
    try:
        saved = save_settings(Settings(emergency_number=typed))
    except SettingsNotSaved as exc:  # the file could not be written: the message says so and names it
        st.session_state[NOTICE] = ("error", str(exc))
    except DiaryError as exc:
        st.session_state[NOTICE] = ("error", f"Not saved: {exc}")
    else:
        st.session_state["emergency_number"] = saved.emergency_number
        st.session_state[NOTICE] = ("success", number_saved_message(saved.emergency_number or ""))


use_app_navigation()
current = settings()
st.title("Settings", anchor=False)

if "emergency_number" not in st.session_state:
    st.session_state["emergency_number"] = current.emergency_number or ""
with st.form("settings_form", border=False):
    st.text_input(
        "Emergency number",
        key="emergency_number",
        max_chars=20,
        type="phone",
        placeholder="e.g. 112, 911 or 999",
        help=NUMBER_HELP,
    )
    st.form_submit_button("Save settings", key="save_settings", type="primary", on_click=save)

notice = st.session_state.pop(NOTICE, None)
if notice:
    kind, text = notice
    (st.success if kind == "success" else st.error)(text)
st.caption(number_in_use(current.emergency_number))

st.header("Where things are kept", anchor=False)
st.markdown(
    f"- The diary: {current_diary().describe()}\n"
    f"- These settings: {settings_path()} (kept apart from the diary, never exported)"
)

phone = active_phone()  # set by `pain-diary run --phone`
if phone is not None:
    st.header(SETTINGS_HEADING, anchor=False)
    st.image(qr_png(phone.sign_in_url), width=240)
    st.markdown(f"Address: `{phone.url}`")
    st.caption(SETTINGS_CAPTION)
st.caption(NOT_A_DIAGNOSIS)
