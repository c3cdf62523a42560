"""Date and time formats per language (FORMAT_MODULE_PATH), on top of Django's own.

One clock for the whole product: 24 hours, two-digit hours ("09:05"), in every language. The
chat client formats live messages with Intl.DateTimeFormat(language, {hourCycle: "h23",
hour: "2-digit", minute: "2-digit"}), which gives the same text, so a message reads the same
after a reload as when it arrived (frontend/static/rooms/room.js).
"""
