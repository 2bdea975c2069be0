<?php
// A CRM endpoint that verifies inbox-hub-relay's deliveries, in plain PHP (hash_hmac, as the Standard
// Webhooks specification describes; the standard-webhooks PHP library does the same).

// The endpoint's secret (whsec_…): the same value as the relay's INBOX_HUB_RELAY_SECRET_<NAME>.
$secret = getenv('INBOX_HUB_WEBHOOK_SECRET');
$key = base64_decode(substr($secret, strlen('whsec_')));

$id = $_SERVER['HTTP_WEBHOOK_ID'] ?? '';
$timestamp = $_SERVER['HTTP_WEBHOOK_TIMESTAMP'] ?? '';
$signatures = $_SERVER['HTTP_WEBHOOK_SIGNATURE'] ?? '';
$body = file_get_contents('php://input'); // verify the raw bytes, before any JSON parsing

if (!ctype_digit($timestamp) || abs(time() - (int) $timestamp) > 300) {
    http_response_code(400);
    exit('missing or stale timestamp');
}
$expected = base64_encode(hash_hmac('sha256', "$id.$timestamp.$body", $key, true));
$valid = false;
foreach (explode(' ', $signatures) as $versioned) {
    [$version, $signature] = array_pad(explode(',', $versioned, 2), 2, '');
    if ($version === 'v1' && hash_equals($expected, $signature)) {
        $valid = true;
        break;
    }
}
if (!$valid) {
    http_response_code(400);
    exit('invalid signature');
}

$event = json_decode($body, true);
// $id is the event's stable id: a retry (or a redelivery after a crash) carries the same one, so skip an
// id you have stored already, then upsert the session.
error_log("{$event['type']} {$event['sessionId']} {$event['session']['status']}");
http_response_code(204);
