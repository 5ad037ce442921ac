"""A fake OpenAI-compatible speech server: real HTTP on 127.0.0.1, canned replies.

`POST /v1/audio/transcriptions` (multipart, like OpenAI's) answers `verbose_json` with the
text it was given, segments with `avg_logprob` and words with `probability`; every request's
form fields and file size are kept in `requests` for the test to check. `POST
/v1/audio/speech` answers a few bytes of "MP3" and keeps the JSON it was sent in `spoken`.
"""


import threading
import time
from dataclasses import dataclass, field
from typing import Any

from tests.conftest import free_port


@dataclass
class FakeTranscriptionServer:
    text: str = "I was closing the books and the spreadsheet would not reconcile."
    low_words: tuple[str, ...] = ("reconcile.",)
    avg_logprob: float = -0.2
    status: int = 200
    requests: list[dict[str, Any]] = field(default_factory=list)
    spoken: list[dict[str, Any]] = field(default_factory=list)

    def reply(self) -> dict[str, Any]:
        words, clock = [], 0.0
        for word in self.text.split():
            words.append({"word": f" {word}", "start": clock, "end": clock + 0.3,
                          "probability": 0.2 if word in self.low_words else 0.95})
            clock += 0.3
        return {"task": "transcribe", "language": "english", "duration": clock,
                "text": self.text, "words": words,
                "segments": [{"id": 0, "start": 0.0, "end": clock, "text": self.text,
                              "avg_logprob": self.avg_logprob}]}


def serve(fake: FakeTranscriptionServer):  # noqa: ANN201 - a context manager yielding a URL
    import contextlib

    import uvicorn
    from fastapi import FastAPI, Request
    from fastapi.responses import JSONResponse, Response

    app = FastAPI()

    @app.post("/v1/audio/transcriptions")
    async def transcriptions(request: Request) -> JSONResponse:
        form = await request.form()
        upload = form["file"]
        audio = await upload.read()  # type: ignore[union-attr]
        fake.requests.append({"model": form.get("model"),
                              "response_format": form.get("response_format"),
                              "granularities": form.getlist("timestamp_granularities[]"),
                              "bytes": len(audio),
                              "authorization": request.headers.get("authorization")})
        if fake.status != 200:
            return JSONResponse({"error": {"message": "overloaded"}}, status_code=fake.status)
        return JSONResponse(fake.reply())

    @app.post("/v1/audio/speech")
    async def speech(request: Request) -> Response:
        fake.spoken.append(await request.json())
        return Response(b"ID3-fake-mp3", media_type="audio/mpeg")

    @contextlib.contextmanager
    def running():  # noqa: ANN202
        port = free_port()
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                               log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the fake transcription server did not start")
            time.sleep(0.02)
        try:
            yield f"http://127.0.0.1:{port}/v1"
        finally:
            server.should_exit = True
            thread.join(timeout=10)

    return running()
