"""A question about certificates that the credentials app answers (issue 18): the verification page
shows the digital check of a certificate's credential, while `register` imports nothing of
`credentials`; `CredentialsConfig.ready()` registers the answer."""

from keurmerk.lib.hooks import Hook

# digital_check(request, certificate) -> credentials.verification.Check or None (not available)
digital_check = Hook("digital_check", default=lambda request, certificate: None)
