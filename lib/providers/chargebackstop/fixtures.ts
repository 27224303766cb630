/**
 * The provider's sample payloads, copied verbatim from its webhooks page (seed 003,
 * shared/seeds/003_2832d22f569bedba.txt) except for the event ids: the samples reuse ids across
 * event types, real event ids are unique, so duplicates got a distinct suffix. The legacy
 * `fraud_notification.created` sample is OURS (seed 004 keeps only its field list).
 */

/** Headers shown next to the alert samples (secret unknown: they parse but do not verify). */
export const SAMPLE_HEADERS = {
  alertCreated: {
    signature:
      "t=1746901125,v1=71d294712c109472c92e6afc2f0fcafce611bda73ba027f7221f8910d37b29de6fdd65489d28b28678c74d3ea62edb76f13631286d661833b0c4d4880be4d2ba",
    idempotencyKey: "whdl_CXwgJJye6EoZYxtFbx78Q",
  },
  alertUpdated: {
    signature:
      "t=1746901218,v1=5ef9423caa3366f28eaf2411c3c3b3b6d660ddcc1a03c190ac124038e04d927bcbaae622f21c011feb27a9bae1ad96da4f74407cb1533ba1cdf8c0d8e1733b37",
    idempotencyKey: "whdl_ghRygm8zYiHD4vjNSQ9uT",
  },
} as const;

export const alertCreated = {
  id: "evt_dbXKdyUWLzSP98HMVdoFW",
  type: "alert.created",
  created_at: "2025-05-10T18:17:35.635870+00:00",
  data: {
    object: {
      id: "netalrt_yxMihZ4JhB7h5unn36F18",
      note: null,
      status: "ACTION_REQUIRED",
      created_at: "2025-05-10T13:56:56.312045Z",
      updated_at: "2025-05-10T13:56:58.111532Z",
      merchant_id: "mrch_YoaBvAq2H2R8JYXjXodkE",
      enrolment_type: "ETHOCA_ALERT",
      organisation_id: "org_RoExcMDGGjmmGXKxAUAkR",
      transaction_card_bin: null,
      chargeback_reason_code: null,
      transaction_card_last4: "5455",
      transaction_network_id: null,
      transaction_card_issuer: "BofA",
      transaction_card_scheme: "MASTERCARD",
      action_required_deadline: "2025-05-12T13:56:56.300274Z",
      transaction_authorised_at: "2025-05-05T13:56:56.300274Z",
      transaction_currency_code: "USD",
      transaction_refund_outcome: null,
      subscription_cancel_outcome: null,
      transaction_amount_in_cents: 6606,
      transaction_authorisation_code: "7XP81U",
      transaction_statement_descriptor: "ECOM-STUFF.COM",
      transaction_acquirer_reference_number: "012533471273304331125644612",
      integration_id: "int_ZSHVZukGYs5SdVcwkEZrL",
      integration_transaction_id: "pi_3SPJO4KRFSLReU4y04XJUvLN"
    }
  },
  api_version: "v1"
};

export const alertUpdated = {
  id: "evt_NUpgzGLGJTj5j1MZ6jb1d",
  type: "alert.updated",
  created_at: "2025-05-10T18:20:18.430390+00:00",
  data: {
    object: {
      id: "netalrt_yxMihZ4JhB7h5unn36F18",
      note: null,
      status: "RESOLVED",
      created_at: "2025-05-10T13:56:56.312045Z",
      updated_at: "2025-05-10T18:20:18.419298Z",
      merchant_id: "mrch_YoaBvAq2H2R8JYXjXodkE",
      enrolment_type: "ETHOCA_ALERT",
      organisation_id: "org_RoExcMDGGjmmGXKxAUAkR",
      transaction_card_bin: null,
      chargeback_reason_code: null,
      transaction_card_last4: "5455",
      transaction_network_id: null,
      transaction_card_issuer: "BofA",
      transaction_card_scheme: "MASTERCARD",
      action_required_deadline: "2025-05-12T13:56:56Z",
      transaction_authorised_at: "2025-05-05T13:56:56Z",
      transaction_currency_code: "USD",
      transaction_refund_outcome: "REFUNDED",
      subscription_cancel_outcome: null,
      transaction_amount_in_cents: 6606,
      transaction_authorisation_code: "7XP81U",
      transaction_statement_descriptor: "ECOM-STUFF.COM",
      transaction_acquirer_reference_number: "012533471273304331125644612",
      integration_id: "int_ZSHVZukGYs5SdVcwkEZrL",
      integration_transaction_id: "pi_3SPJO4KRFSLReU4y04XJUvLN"
    },
    previous_attributes: {
      status: "ACTION_REQUIRED",
      transaction_refund_outcome: null
    }
  },
  api_version: "v1"
};

export const enrolmentCreated = {
  id: "evt_hxgqT7vA8am77QbJCMiFA",
  type: "enrolment.created",
  created_at: "2026-02-25T15:02:49.256560+00:00",
  data: {
    object: {
      id: "enrl_pfNupxFzfYDaEf1UrD6wU",
      organisation_id: "org_MSALEuBsAywqDA3SQVqc8",
      merchant_ids: [
        "mrch_XXiP48XqnnYbRvnUFVH6G"
      ],
      type: "VERIFI_ORDER_INSIGHT",
      status: "IN_PROGRESS",
      created_at: "2026-02-25T15:02:49.256560Z",
      updated_at: "2026-02-25T15:03:14.460982Z",
      note: ""
    }
  },
  api_version: "v2"
};

export const enrolmentUpdated = {
  id: "evt_aXCsMEEaxP3Jvk9SmxBaQ",
  type: "enrolment.updated",
  created_at: "2026-02-25T15:05:31.102891+00:00",
  data: {
    object: {
      id: "enrl_pfNupxFzfYDaEf1UrD6wU",
      organisation_id: "org_MSALEuBsAywqDA3SQVqc8",
      merchant_ids: [
        "mrch_XXiP48XqnnYbRvnUFVH6G"
      ],
      type: "VERIFI_ORDER_INSIGHT",
      status: "ENABLED",
      created_at: "2026-02-25T15:02:49.256560Z",
      updated_at: "2026-02-25T15:05:31.083449Z",
      note: ""
    },
    previous_attributes: {
      status: "IN_PROGRESS"
    }
  },
  api_version: "v2"
};

export const representmentCreated = {
  id: "evt_S4VJrD42E1mVRVuCeapmt",
  type: "representment.created",
  created_at: "2025-05-22T19:09:09.512272+00:00",
  data: {
    object: {
      id: "rep_DenAQk14kzDmwKSJn7cU3",
      created_at: "2025-05-22T19:09:09.495869Z",
      managed_by: "PARTNER",
      updated_at: "2025-05-22T19:09:09.496523Z",
      disputed_at: "2024-11-19T00:00:00",
      merchant_id: "mrch_bQXg83B18qgACnp5Y4qU8",
      service_type: "ONLINE_SERVICES",
      dispute_stage: "CHARGEBACK",
      dispute_due_by: "2024-12-03T00:00:00",
      dispute_reason: "SUBSCRIPTION_CANCELED",
      dispute_schema: "MASTERCARD",
      dispute_status: "OPEN",
      organisation_id: "org_tmo8Dq484yRUiiAcJuRPd",
      dispute_reason_code: null,
      dispute_reference_id: null,
      dispute_currency_code: "USD",
      dispute_amount_in_cents: 4444,
      transaction_reference_id: null,
      transaction_currency_code: "USD",
      transaction_amount_in_cents: 4444,
      transaction_authorisation_date: "2024-11-12T00:00:00",
      transaction_acquirer_reference_number: null
    }
  },
  api_version: "v1"
};

export const representmentUpdated = {
  id: "evt_2rzszUnkDUNFiBKqe6DdT",
  type: "representment.updated",
  created_at: "2025-05-22T20:14:51.041381+00:00",
  data: {
    object: {
      id: "rep_wMxBaE4ivxQ7zvPy1dmNx",
      created_at: "2025-05-22T19:08:25.245116Z",
      managed_by: "PARTNER",
      updated_at: "2025-05-22T20:14:51.004632Z",
      disputed_at: "2024-11-19T00:00:00",
      merchant_id: "mrch_bQXg83B18qgACnp5Y4qU8",
      service_type: "ONLINE_SERVICES",
      dispute_stage: "CHARGEBACK",
      dispute_due_by: "2024-12-03T00:00:00",
      dispute_reason: "SUBSCRIPTION_CANCELED",
      dispute_schema: "MASTERCARD",
      dispute_status: "LOST",
      organisation_id: "org_tmo8Dq484yRUiiAcJuRPd",
      dispute_reason_code: null,
      dispute_reference_id: null,
      dispute_currency_code: "USD",
      dispute_amount_in_cents: 4444,
      transaction_reference_id: null,
      transaction_currency_code: "USD",
      transaction_amount_in_cents: 4444,
      transaction_authorisation_date: "2024-11-12T00:00:00",
      transaction_acquirer_reference_number: null
    },
    previous_attributes: {
      dispute_status: "OPEN"
    }
  },
  api_version: "v1"
};

export const schemeNoticeCreated = {
  id: "evt_dbXKdyUWLzSP98HMVdoFWSchNtc",
  type: "scheme_notice.created",
  created_at: "2026-03-01T10:30:45.123456+00:00",
  data: {
    object: {
      id: "schntc_NFSPZDSTv3QgfU8GDhXKK",
      organisation_id: "org_WVJ7aJzpT32FED9BqKPpM",
      merchant_id: "mrch_bQXg83B18qgACnp5Y4qU8",
      scheme_notice_type: "TC40",
      notice_type: "FRAUD_NOTICE",
      scheme: "VISA",
      is_revoked: false,
      notice_revoked_at: null,
      fraud_reported_at: "2026-02-21T08:13:50.360977Z",
      transaction_amount_in_cents: 14760,
      transaction_currency_code: "USD",
      transaction_card_bin: "411798",
      transaction_card_last4: "3508",
      transaction_merchant_name: "ECOM-STUFF OUTLET",
      transaction_merchant_id: "274953873887879",
      transaction_acquirer_reference_number: "77198913101798678449413",
      transaction_authorisation_code: "96JNEP",
      transaction_original_date: "2026-02-11T08:13:50.360977Z",
      transaction_purchase_date: "2026-02-11T08:13:50.360977Z",
      fraud_type: "CARD_NOT_PRESENT",
      fraud_dispute_eligible: true,
      created_at: "2026-03-01T10:30:45.123456Z",
      updated_at: "2026-03-01T10:30:45.123456Z"
    }
  },
  api_version: "v1"
};

export const schemeNoticeUpdated = {
  id: "evt_NUpgzGLGJTj5j1MZ6jb1dSchNtc",
  type: "scheme_notice.updated",
  created_at: "2026-03-01T12:00:00.541381+00:00",
  data: {
    object: {
      id: "schntc_NFSPZDSTv3QgfU8GDhXKK",
      organisation_id: "org_WVJ7aJzpT32FED9BqKPpM",
      merchant_id: "mrch_bQXg83B18qgACnp5Y4qU8",
      scheme_notice_type: "TC40",
      notice_type: "FRAUD_NOTICE",
      scheme: "VISA",
      is_revoked: true,
      notice_revoked_at: "2026-03-01T12:00:00.000000Z",
      fraud_reported_at: "2026-02-21T08:13:50.360977Z",
      transaction_amount_in_cents: 14760,
      transaction_currency_code: "USD",
      transaction_card_bin: "411798",
      transaction_card_last4: "3508",
      transaction_merchant_name: "ECOM-STUFF OUTLET",
      transaction_merchant_id: "274953873887879",
      transaction_acquirer_reference_number: "77198913101798678449413",
      transaction_authorisation_code: "96JNEP",
      transaction_original_date: "2026-02-11T08:13:50.360977Z",
      transaction_purchase_date: "2026-02-11T08:13:50.360977Z",
      fraud_type: "CARD_NOT_PRESENT",
      fraud_dispute_eligible: true,
      created_at: "2026-03-01T10:30:45.123456Z",
      updated_at: "2026-03-01T12:00:00.541381Z"
    },
    previous_attributes: {
      is_revoked: false,
      notice_revoked_at: null
    }
  },
  api_version: "v1"
};

export const lookupCreated = {
  id: "evt_dbXKdyUWLzSP98HMVdoFWLkup",
  type: "lookup.created",
  created_at: "2026-03-12T10:30:45.123456+00:00",
  data: {
    object: {
      id: "lkup_NFSPZDSTv3QgfU8GDhXKK",
      organisation_id: "org_WVJ7aJzpT32FED9BqKPpM",
      enrollment_id: "enrl_pfNupxFzfYDaEf1UrD6wU",
      type: "ETHOCA_CONSUMER_CLARITY",
      parent_lookup_id: null,
      lookup_status: "SUCCEEDED",
      deflection_status: "NOT_ATTEMPTED",
      transaction_card_bin: "411798",
      transaction_card_last4: "3508",
      transaction_arn: "77198913101798678449413",
      transaction_auth_code: "96JNEP",
      transaction_amount: 14760,
      transaction_currency: "USD",
      transaction_date: "2026-03-10T08:13:50.360977Z",
      transaction_statement_descriptor: "ECOM-STUFF.COM",
      transaction_network_id: null,
      integration_id: "int_ZSHVZukGYs5SdVcwkEZrL",
      integration_transaction_id: "pi_3SPJO4KRFSLReU4y04XJUvLN",
      created_at: "2026-03-12T10:30:45.123456Z",
      updated_at: "2026-03-12T10:30:45.123456Z"
    }
  },
  api_version: "v1"
};

export const lookupUpdated = {
  id: "evt_NUpgzGLGJTj5j1MZ6jb1dLkup",
  type: "lookup.updated",
  created_at: "2026-03-12T12:00:00.541381+00:00",
  data: {
    object: {
      id: "lkup_NFSPZDSTv3QgfU8GDhXKK",
      organisation_id: "org_WVJ7aJzpT32FED9BqKPpM",
      enrollment_id: "enrl_pfNupxFzfYDaEf1UrD6wU",
      type: "ETHOCA_FIRST_PARTY_TRUST",
      parent_lookup_id: null,
      lookup_status: "SUCCEEDED",
      deflection_status: "SUCCEEDED",
      transaction_card_bin: "411798",
      transaction_card_last4: "3508",
      transaction_arn: "77198913101798678449413",
      transaction_auth_code: "96JNEP",
      transaction_amount: 14760,
      transaction_currency: "USD",
      transaction_date: "2026-03-10T08:13:50.360977Z",
      transaction_statement_descriptor: "ECOM-STUFF.COM",
      transaction_network_id: null,
      integration_id: "int_ZSHVZukGYs5SdVcwkEZrL",
      integration_transaction_id: "pi_3SPJO4KRFSLReU4y04XJUvLN",
      created_at: "2026-03-12T10:30:45.123456Z",
      updated_at: "2026-03-12T12:00:00.541381Z"
    },
    previous_attributes: {
      deflection_status: "PENDING"
    }
  },
  api_version: "v1"
};

/** Invented (no sample survives in seed 004): the field names follow the scheme notice. */
export const fraudNotificationCreated = {
  id: "evt_Fr4udN0t1f1cat10nLeg4cy",
  type: "fraud_notification.created",
  created_at: "2025-05-22T19:09:09.512272+00:00",
  data: {
    object: {
      id: "frdntf_Q8mZc3LrT5vK2wXyNp7Hd",
      organisation_id: "org_tmo8Dq484yRUiiAcJuRPd",
      merchant_id: "mrch_bQXg83B18qgACnp5Y4qU8",
      fraud_notification_type: "SAFE",
      fraud_type: "LOST",
      fraud_reported_at: "2025-05-20T08:13:50.360977Z",
      transaction_amount_in_cents: 2599,
      transaction_currency_code: "eur",
      transaction_card_bin: "545454",
      transaction_card_last4: "1881",
      transaction_merchant_name: "ECOM-STUFF OUTLET",
      transaction_acquirer_reference_number: "85476543210987654321098",
      transaction_authorisation_code: "41QZTA",
      transaction_purchase_date: "2025-05-02T10:00:00",
      created_at: "2025-05-22T19:09:09.495869Z",
      updated_at: "2025-05-22T19:09:09.495869Z",
    },
  },
  api_version: "v1",
};

/** Every sample, in the page's order (legacy last). */
export const ALL_SAMPLES = [
  alertCreated,
  alertUpdated,
  enrolmentCreated,
  enrolmentUpdated,
  representmentCreated,
  representmentUpdated,
  schemeNoticeCreated,
  schemeNoticeUpdated,
  lookupCreated,
  lookupUpdated,
  fraudNotificationCreated,
];
