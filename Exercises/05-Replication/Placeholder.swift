// Placeholder: this chapter's exercises are being written.
