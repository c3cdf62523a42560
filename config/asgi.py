"""ASGI entry point: HTTP through Django, websockets through Channels (served by Daphne).

Everything a request will need is imported here, then the garbage collector is told to leave
those objects alone (gc.freeze): a full collection then scans only what requests create,
instead of stalling the event loop for 50–100 ms while it walks every module and URL pattern
(it did, in bench/chat_fanout.py).
"""

import gc
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup(set_prefix=False)  # as django.core.asgi.get_asgi_application() does

from config.http_handler import OneHopASGIHandler  # noqa: E402

django_asgi_app = OneHopASGIHandler()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from chat.handshake import RoomSocketAuth  # noqa: E402
from chat.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # Browsers: session cookie and a checked Origin; other clients: Authorization: Token.
        "websocket": RoomSocketAuth(URLRouter(websocket_urlpatterns)),
    }
)


def _settle() -> None:
    # Database work runs in one thread beside the event loop; each query gives up the
    # interpreter lock and must win it back from a loop that is busy writing frames, waiting up
    # to the switch interval (5 ms by default) every time. 1 ms keeps a send's few queries
    # from queueing behind fan-out (bench/chat_scale.py).
    sys.setswitchinterval(0.001)
    from importlib import import_module

    from django.conf import settings

    import_module(settings.ROOT_URLCONF)  # every view now, rather than on the first request
    gc.collect()
    gc.freeze()


_settle()
