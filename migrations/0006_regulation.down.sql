DROP TABLE rate_limit_counters;
DROP TABLE webhook_attempts;
DROP TABLE webhook_deliveries;
DROP TABLE webhooks;
DROP TABLE adverse_events;
DROP TABLE recall_drugs;
DROP TABLE recalls;
