"""The contracts a client may rely on, installed with the package as ``mockpbx.contracts``.

``mockpbx/contracts`` links here, so this directory is the one copy: the ePBX OpenAPI
document, the MiRTA and PBXware catalogues, the example pacts (``pacts/``, verified by
``mockpbx verify-pact --example-pacts``) and the reference clients that wrote them. Provider
states are served by ``POST /_mockpbx/pact/provider-states`` (``mockpbx/pact/states.py``).
"""
