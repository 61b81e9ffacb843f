#!/usr/bin/python3
"""One WebKitGTK page that Web Inspector can inspect remotely, for
tests/har/record-webkit.mjs.

    WEBKIT_INSPECTOR_HTTP_SERVER=127.0.0.1:PORT xvfb-run -a /usr/bin/python3 webkit_inspected.py URL

Opens URL in a WebView (developer extras on, so that the page is
inspectable) on a fresh WebContext whose data lives in a new temporary
directory, removed at the end. With WEBKIT_INSPECTOR_HTTP_SERVER set, WebKit
serves its Web Inspector frontend and the list of inspectable pages on that
address. Writes one JSON line to standard output once the page has loaded,
    {"ready": true, "version": "2.50.6", "user_agent": "..."}
and runs until its standard input closes. Run it with Debian's
/usr/bin/python3, the one with `gi`.
"""

import json
import shutil
import sys
import tempfile

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
from gi.repository import GLib, Gtk, WebKit2  # noqa: E402


def main():
    url = sys.argv[1]
    directory = tempfile.mkdtemp(prefix="corsim-webkit-har-")
    manager = WebKit2.WebsiteDataManager(base_data_directory=directory, base_cache_directory=directory)
    manager.set_network_proxy_settings(WebKit2.NetworkProxyMode.NO_PROXY, None)
    context = WebKit2.WebContext(website_data_manager=manager)
    settings = WebKit2.Settings(enable_developer_extras=True)
    view = WebKit2.WebView(web_context=context, settings=settings)
    window = Gtk.Window()
    window.set_default_size(1024, 768)
    window.add(view)
    window.show_all()
    version = "%d.%d.%d" % (WebKit2.get_major_version(), WebKit2.get_minor_version(), WebKit2.get_micro_version())
    said = []

    def loaded(_view, event):
        if event == WebKit2.LoadEvent.FINISHED and not said:
            said.append(1)
            print(json.dumps({"ready": True, "version": version, "user_agent": settings.get_user_agent()}), flush=True)

    def failed(_view, _event, uri, err):
        print(json.dumps({"ready": False, "error": "cannot open %s: %s" % (uri, err.message)}), flush=True)
        return False

    view.connect("load-changed", loaded)
    view.connect("load-failed", failed)
    # Ends when standard input closes.
    GLib.io_add_watch(sys.stdin.fileno(), GLib.IO_IN | GLib.IO_HUP, lambda fd, cond: Gtk.main_quit() or False)
    view.load_uri(url)
    try:
        Gtk.main()
    finally:
        window.destroy()
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    main()
