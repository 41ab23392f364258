"""A bare Flask "hello": what gunicorn and Flask cost before the app does anything."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    """The smallest page."""
    return "hello"
