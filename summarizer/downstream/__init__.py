"""After the CRC: CRM files (export), the signed webhook (push), the client's reply (validate), call metadata."""
