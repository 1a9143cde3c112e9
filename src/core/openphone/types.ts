/** Shapes of the OpenPhone v1 API that the add-on reads (see the API reference, §5.1). */
export interface ApiConversation {
  id: string;
  phoneNumberId: string | null;
  participants: string[];
  name: string | null;
  assignedTo: string | null;
  createdAt: string | null;
  updatedAt: string | null;
  lastActivityAt: string | null;
  lastActivityId: string | null;
  deletedAt: string | null;
  mutedUntil: string | null;
  snoozedUntil: string | null;
}

export interface ApiList<T> {
  data: T[];
  /** Documented as inaccurate: never used to decide when paging ends. */
  totalItems?: number;
  nextPageToken: string | null;
}

/** One of the workspace's own numbers (GET /v1/phone-numbers, reference §5.4). */
export interface ApiPhoneNumber {
  id: string;
  number: string;
  name?: string;
}
