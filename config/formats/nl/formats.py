# Django's Dutch formats, with two-digit hours as the chat client writes them ("09:05").
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y H:i"
