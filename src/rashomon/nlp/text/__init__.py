"""The shared text layer under actors, claims, framing and narratives: sentence embeddings
(``embed``: English MiniLM, ``minilm``: its plain-torch encoder, ``e5``: multilingual e5),
and the cue matcher (``cues``)."""
