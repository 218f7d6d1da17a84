"""The ``mail`` dialect (issue 19): e-mail and calendar metadata as relationship
activities and captured contacts. Only headers and attendees are read; bodies,
subjects and attachments never are."""
