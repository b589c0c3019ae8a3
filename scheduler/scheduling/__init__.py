"""The organiser console's B2B schedule: generate a draft per session in the background,
watch it improve, stop it, and publish it to the participants."""
