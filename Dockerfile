# mockpbx: one process, threads, state in memory (plus an optional state file on a volume).
ARG BASE_IMAGE=python:3.12-slim
FROM ${BASE_IMAGE}

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    MOCKPBX_HOST=0.0.0.0 \
    MOCKPBX_PORT=8080

WORKDIR /app
# Only what the wheel needs (see .dockerignore); tests and bench stay out of the image. contracts/
# is installed as mockpbx.contracts (mockpbx/contracts links to it): the example pacts and the
# OpenAPI document ship inside the package, as verify-pact and users need them at run time.
COPY pyproject.toml README.md* ./
COPY contracts ./contracts
COPY mockpbx ./mockpbx
RUN pip install --no-cache-dir . && rm -rf /app/mockpbx /app/contracts /app/build
COPY fixtures ./fixtures

RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin mockpbx \
    && mkdir -p /data && chown mockpbx /data
USER mockpbx
VOLUME ["/data"]

EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/_mockpbx/health' % os.environ.get('MOCKPBX_PORT', '8080'), timeout=2)" || exit 1

# No admin token is baked in: pass -e MOCKPBX_ADMIN_TOKEN=... to lock /_mockpbx (health stays
# open). Without one the banner warns that the control plane is open on every interface.
# SIGTERM (docker stop) saves MOCKPBX_STATE_FILE, if set, before the process exits; add
# MOCKPBX_AUTOSAVE=SECONDS so that docker kill or an OOM kill loses at most that much.
STOPSIGNAL SIGTERM
ENTRYPOINT ["python", "-m", "mockpbx"]
CMD ["serve"]
