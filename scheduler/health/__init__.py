"""The health check that a monitor or a load balancer calls: ``/healthz``."""
