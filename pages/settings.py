"""Settings: the emergency number that red-flag advice tells you to call, and where things are kept."""

import streamlit as st

from diary.dashboard.phone import QR_ALT, SETTINGS_CAPTION, SETTINGS_HEADING, active_phone, qr_png
from diary.safety import NOT_A_DIAGNOSIS, NUMBER_HELP, number_in_use
from diary.settings import settings_path
from diary.views import settings_words as words
from diary.views.app_words import SETTINGS
from diary.views.log_words import NUMBER_LABEL, NUMBER_PLACEHOLDER
from pages._shared import current_diary, keep_emergency_number, settings, use_app_navigation

NOTICE = "settings_notice"  # (kind, text) from the last save


def save() -> None:
    """The save button: validate and store the number, or say what is wrong and change nothing."""
    saved = keep_emergency_number(str(st.session_state.get("emergency_number") or ""), NOTICE)
    if saved is not None:
        st.session_state["emergency_number"] = saved.emergency_number


use_app_navigation()
current = settings()
st.title(SETTINGS, anchor=False)

if "emergency_number" not in st.session_state:
    st.session_state["emergency_number"] = current.emergency_number or ""
with st.form("settings_form", border=False):
    st.text_input(
        NUMBER_LABEL,
        key="emergency_number",
        max_chars=20,
        type="phone",
        placeholder=NUMBER_PLACEHOLDER,
        help=NUMBER_HELP,
    )
    st.form_submit_button(words.SAVE, key="save_settings", type="primary", on_click=save)

notice = st.session_state.pop(NOTICE, None)
if notice:
    kind, text = notice
    (st.success if kind == "success" else st.error)(text)
st.caption(number_in_use(current.emergency_number))

st.header(words.WHERE_KEPT, anchor=False)
st.markdown(words.where_kept(current_diary().describe(), settings_path()))

phone = active_phone()  # set by `pain-diary run --phone`
if phone is not None:
    st.header(SETTINGS_HEADING, anchor=False)
    st.image(qr_png(phone.sign_in_url), width=240, alt=QR_ALT)
    st.markdown(words.phone_address(phone.url))
    st.caption(SETTINGS_CAPTION)
st.caption(NOT_A_DIAGNOSIS)
