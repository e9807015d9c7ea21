"""The tutorial's chat on another implementation: python-socketio (asyncio, aiohttp).

Same protocol as the Socket.IO tutorial's step 8: `chat message (content,
clientOffset)` with an ack, client offsets UNIQUE in SQLite, every stored row
broadcast with its id, a connecting client caught up from `auth.serverOffset`.
python-socketio has no connection state recovery, so every connection is
caught up. One lock is held around "insert + broadcast" and around "catch-up +
join the live room", so a catch-up never races a live broadcast.

PORT (default 3000) and DB_FILE (default chat.db) come from the environment.
"""

import asyncio
import os
import sqlite3
import sys

import socketio
from aiohttp import web

PORT = int(os.environ.get("PORT", "3000"))
DB_FILE = os.environ.get("DB_FILE", "chat.db")

db = sqlite3.connect(DB_FILE, isolation_level=None)  # autocommit: each INSERT is its own transaction
db.execute("PRAGMA journal_mode = WAL")  # so siochaos can read the file while the server writes it
db.execute(
    "CREATE TABLE IF NOT EXISTS messages ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT, client_offset TEXT UNIQUE, content TEXT)"
)

sio = socketio.AsyncServer(async_mode="aiohttp", always_connect=True)
app = web.Application()
sio.attach(app)
lock = asyncio.Lock()


@sio.event
async def connect(sid, environ, auth=None):
    offset = auth.get("serverOffset") if isinstance(auth, dict) else 0
    after = offset if isinstance(offset, int) and offset > 0 else 0
    async with lock:
        rows = db.execute("SELECT id, content FROM messages WHERE id > ? ORDER BY id", (after,)).fetchall()
        for row_id, content in rows:
            await sio.emit("chat message", (content, row_id), to=sid)
        sio.enter_room(sid, "live")


@sio.on("chat message")
async def chat_message(sid, *args):
    """Returns the ack's arguments: none when stored (or already stored), an error otherwise."""
    if len(args) < 2 or not isinstance(args[0], str) or not isinstance(args[1], str) or not args[1]:
        return {"error": "send (content: string, clientOffset: non-empty string, ack)"}
    content, client_offset = args[0], args[1]
    async with lock:
        try:
            row_id = db.execute(
                "INSERT INTO messages (content, client_offset) VALUES (?, ?)", (content, client_offset)
            ).lastrowid
        except sqlite3.IntegrityError:
            return None  # a retry of a stored (and so broadcast) message
        await sio.emit("chat message", (content, row_id), room="live")
    return None


if __name__ == "__main__":
    print(f"python chat listening on http://127.0.0.1:{PORT}", flush=True)
    web.run_app(app, host="127.0.0.1", port=PORT, print=None)
