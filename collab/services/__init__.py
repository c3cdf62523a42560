"""Operations on rooms that change several rows, send e-mail or emit real-time events."""
