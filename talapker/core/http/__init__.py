"""HTTP done right for public reads (docs/decisions/0011-http-caching.md).

- `version`: the data version, read in one statement of index lookups: what validators hang on.
- `policy`: which requests are public reads, and the Cache-Control of every response.
- `conditional`: ETag and Last-Modified of a public read, and the 304 that skips the view.
- `responses`: the server-side cache of anonymous API answers, keyed by the ETag.
- `middleware`: the one middleware that puts these together.
- `throttles`: the API's rate limits, anonymous clients by address, writers by account.
- `counters`: the rate-limit counters every worker shares; `caches`, `filecache`: where they
  and the cached answers live.
- `cors`: reads open to every origin, writes to none.
"""
