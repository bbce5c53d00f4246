-- R13: a meeting's optional video-call link for members attending remotely (https, on the allow list
-- of callLinkHosts; checked by the service, which is the only writer).
ALTER TABLE meeting ADD COLUMN call_url text CHECK (call_url IS NULL OR call_url LIKE 'https://%');
