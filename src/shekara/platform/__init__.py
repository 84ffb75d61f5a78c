"""The cooperation platform (D:449-451): accounts and roles, requests, joint projects.

Participants of both sides file problem requests, moderators triage them and assign them
to an organisation; joint projects record their partners, budget, outputs and links to the
agreements and events of the knowledge base. See ``docs/platform.md``.
"""
