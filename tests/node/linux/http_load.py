# COUNT HTTP GETs of URL from Linux, CONCURRENCY at a time, each on its own connection; prints a JSON
# summary of status codes and failures. Bounded by socket timeouts.
import concurrent.futures, json, sys, urllib.request

def fetch(url):
    try:
        req = urllib.request.Request(url, headers={"Connection": "close"})
        with urllib.request.urlopen(req, timeout=30) as r:
            r.read()
            return str(r.status)
    except Exception as e:  # reported, never hidden
        return type(e).__name__

url, count, conc = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with concurrent.futures.ThreadPoolExecutor(max_workers=conc) as pool:
    results = list(pool.map(fetch, [url] * count))
summary = {}
for r in results:
    summary[r] = summary.get(r, 0) + 1
print(json.dumps(summary))
