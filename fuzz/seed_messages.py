#!/usr/bin/env python3
"""Seeds for the `messages` fuzz target from recorded LSP traffic.

Usage: seed_messages.py RECORDINGS_DIR CORPUS_DIR [MAX_LEN]

RECORDINGS_DIR holds what the stdio tests sent each server (run them with
CABLE_LS_RECORD=RECORDINGS_DIR). Each recording is split into its framed
messages; the harness sends its own `initialize` and `initialized`, so a
session's first two are dropped, and so is `exit`, which would end the run
early. The rest are cut into seeds of consecutive messages of at most
MAX_LEN bytes (2048 by default), as the client sent them; a message longer
than that alone (a whole cable opened) has its text cut to fit. Where a
test went on with broken framing, what follows is a seed too.
"""

import hashlib
import json
import os
import re
import sys

HEADER = re.compile(rb"Content-Length: (\d+)\r\n\r\n")


def frames(data):
    """The well-framed messages a recording starts with, whole, in order,
    and the bytes after them (where a test sent broken framing)."""
    out, at = [], 0
    while match := HEADER.match(data, at):
        end = match.end() + int(match.group(1))
        out.append(data[at:end])
        at = end
    return out, data[at:]


def frame(body):
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def shortened(message, max_len):
    """A message cut to `max_len` bytes by shortening its document text."""
    # Bytes that are not UTF-8 are kept as they are, through surrogates.
    raw = message[message.index(b"\r\n\r\n") + 4 :].decode("utf-8", "surrogateescape")
    body = json.loads(raw)
    params = body.get("params") or {}
    texts = [params.get("textDocument", {})] + params.get("contentChanges", [])
    holder = next((t for t in texts if isinstance(t.get("text"), str)), None)
    if holder is None:
        return None
    text = holder["text"]
    while text:
        text = text[: len(text) * 3 // 4]
        holder["text"] = text
        out = frame(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogateescape"))
        if len(out) <= max_len:
            return out
    return None


def main():
    recordings, corpus = sys.argv[1], sys.argv[2]
    max_len = int(sys.argv[3]) if len(sys.argv) > 3 else 2048
    os.makedirs(corpus, exist_ok=True)
    seeds = set()
    for name in sorted(os.listdir(recordings)):
        with open(os.path.join(recordings, name), "rb") as f:
            messages, rest = frames(f.read())
        messages = messages[2:]
        if rest:
            seeds.add(rest[:max_len])
        messages = [m for m in messages if b'"method":"exit"' not in m]
        messages = [m if len(m) <= max_len else shortened(m, max_len) for m in messages]
        messages = [m for m in messages if m]
        start = 0
        while start < len(messages):
            seed, end = b"", start
            while end < len(messages) and len(seed) + len(messages[end]) <= max_len:
                seed += messages[end]
                end += 1
            seeds.add(seed)
            start = end
    for seed in seeds:
        path = os.path.join(corpus, hashlib.sha1(seed).hexdigest())
        with open(path, "wb") as f:
            f.write(seed)
    print(f"{len(seeds)} seeds in {corpus}")


if __name__ == "__main__":
    main()
