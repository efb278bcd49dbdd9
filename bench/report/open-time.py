#!/usr/bin/env python3
"""Opens a page in headless Chromium through /usr/bin/chromedriver (the W3C WebDriver protocol over HTTP, standard
library only) and prints how long the page took to load (navigationStart → loadEventEnd, the browser's own
Navigation Timing) and the wall time of the navigation as the driver saw it. Usage: open-time.py FILE [RUNS]"""
import json, os, subprocess, sys, time, urllib.request, socket

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

def call(base, method, path, body=None):
    req = urllib.request.Request(base + path, method=method,
                                 data=None if body is None else json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.loads(r.read())["value"]

def main():
    page = "file://" + os.path.abspath(sys.argv[1])
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    port = free_port()
    driver = subprocess.Popen(["/usr/bin/chromedriver", "--port=%d" % port], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    base = "http://127.0.0.1:%d" % port
    try:
        for _ in range(100):
            try:
                call(base, "GET", "/status"); break
            except OSError:
                time.sleep(0.1)
        caps = {"capabilities": {"alwaysMatch": {"goog:chromeOptions": {"binary": "/usr/bin/chromium",
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=1400,1000"]}}}}
        sid = call(base, "POST", "/session", caps)["sessionId"]
        try:
            for i in range(runs):
                call(base, "POST", "/session/%s/url" % sid, {"url": "about:blank"})
                t0 = time.monotonic()
                call(base, "POST", "/session/%s/url" % sid, {"url": page})
                wall = time.monotonic() - t0
                load = call(base, "POST", "/session/%s/execute/sync" % sid, {"script":
                    "var n = performance.getEntriesByType('navigation')[0];"
                    " return [n.domContentLoadedEventEnd, n.loadEventEnd,"
                    " document.querySelectorAll('#joinpoints tbody tr').length];", "args": []})
                print("run %d: loaded in %.0f ms (DOMContentLoaded %.0f ms), navigation wall %.2f s, %d rows"
                      % (i + 1, load[1], load[0], wall, load[2]))
        finally:
            call(base, "DELETE", "/session/%s" % sid)
    finally:
        driver.terminate(); driver.wait()

main()
