"""Flask extensions, created unbound and wired in ``create_app``."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
# Only the views that take a secret are limited (webapp/throttle.py), so no defaults.
# Each init_app opens the storage named by RATELIMIT_STORAGE_URI afresh: with memory://
# a new app starts with no counts. A moving window: 5 failures at 14:59 and 5 more at 15:01
# are still 10 in two minutes, which a fixed window would allow.
limiter = Limiter(
    key_func=get_remote_address,
    strategy="moving-window",
    # When Redis is down, count per process rather than refuse every login with a 500.
    in_memory_fallback_enabled=True,
)
