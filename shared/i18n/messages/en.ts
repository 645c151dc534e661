/**
 * The English catalogue: every text a guest reads, on the RSVP page and in the emails to guests. Its
 * shape is the type every other language must fill (shared/i18n/messages.ts): a missing or extra key
 * in fr, de or es is a TypeScript error, and tests/unit/i18n-catalogues.test.ts checks it at run time too.
 * A message with values is a function of them (plurals and word order are each language's own business).
 */
export const en = {
  email: {
    openLink: 'Or open this link:',
  },
  details: {
    when: 'When',
    where: 'Where',
    host: 'Host',
  },
  invitation: {
    replyBy: (date: string) => `Please reply by ${date}.`,
    footer: 'This link is personal to you: please do not forward it. A calendar file is attached.',
    reply: 'Reply to the invitation',
    formal: {
      subject: (event: string) => `Invitation: ${event}`,
      dear: (guest: string) => `Dear ${guest},`,
      body: (host: string, event: string) => `${host} requests the pleasure of your company at ${event}.`,
      kindly: 'Kindly reply using the link below.',
    },
    casual: {
      subject: (event: string) => `You're invited: ${event}!`,
      heading: (guest: string) => `Hi ${guest}!`,
      body: (host: string, event: string) => `${host} would love to see you at ${event}. Can you make it?`,
      action: "Let us know if you're coming",
    },
    saveTheDate: {
      subject: (event: string) => `Save the date: ${event}`,
      heading: 'Save the date',
      body: (guest: string, date: string, event: string) => `Dear ${guest}, please keep ${date} free for ${event}. A formal invitation follows.`,
      action: 'Tell us now if you can come',
    },
  },
  answers: {
    pending: 'Not answered yet',
    yes: 'Attending',
    no: 'Not attending',
    maybe: 'Maybe',
    waitlisted: 'On the waitlist (we will let you know when a seat is free)',
  },
  notice: {
    hello: (name: string) => `Dear ${name},`,
    seeOrChange: 'See or change your answer',
    recorded: {
      yes: 'We recorded that you will attend.',
      no: 'We recorded that you will not attend.',
      maybe: 'We recorded that you might attend.',
      waitlisted: 'We recorded that you are on the waiting list (the event is full for now; we will write when a seat frees up).',
      pending: 'We recorded that you have not answered yet.',
    },
    confirmation: {
      subject: (event: string) => `Your answer for ${event}`,
      heading: 'Thank you for your answer',
    },
    promoted: {
      subject: (event: string) => `A seat is yours: ${event}`,
      heading: 'Good news: a seat freed up',
      body: (event: string) => `You were on the waiting list for ${event}, and now you are attending.`,
    },
    subEventDayBefore: {
      subject: (subEvent: string, event: string) => `Tomorrow: ${subEvent} (${event})`,
      heading: (subEvent: string) => `See you tomorrow at ${subEvent}`,
      body: (subEvent: string, event: string) => `A reminder that ${subEvent} (${event}) is tomorrow.`,
    },
    subEventPromoted: {
      subject: (subEvent: string, event: string) => `A seat is yours: ${subEvent} (${event})`,
      heading: 'Good news: a seat freed up',
      body: (subEvent: string, event: string) => `You were on the waiting list for ${subEvent} at ${event}, and now you are attending it.`,
    },
    changed: {
      subject: (event: string) => `Changed: ${event}`,
      heading: (event: string) => `${event} has changed`,
      intro: 'The details of the event have changed:',
      change: (after: string, before: string) => `${after} (was ${before})`,
      none: '(none)',
      fields: {
        event_date: 'Date and time',
        timezone: 'Time zone',
        location_name: 'Place',
        location_address: 'Address',
        status: 'Status',
      },
      statuses: {
        planning: 'planning',
        confirmed: 'confirmed',
        completed: 'completed',
        cancelled: 'cancelled',
      },
    },
    cancelled: {
      subject: (event: string) => `Cancelled: ${event}`,
      heading: (event: string) => `${event} is cancelled`,
      body: (event: string) => `We are sorry to tell you that ${event} will not take place.`,
    },
    removed: {
      subject: (event: string) => `Update about ${event}`,
      body: (event: string) => `Your invitation to ${event} has been withdrawn by the hosts. Your earlier link no longer works.`,
    },
    reminder: {
      subject: (event: string) => `Reminder: will you come to ${event}?`,
      heading: 'We are still hoping to hear from you',
      body: (event: string, deadline: string | null) => `Please let us know whether you can come to ${event}${deadline ? ` by ${deadline}` : ''}.`,
    },
    dayBefore: {
      subject: (event: string) => `Tomorrow: ${event}`,
      heading: (event: string) => `See you tomorrow at ${event}`,
      body: 'A reminder that the event is coming up soon.',
    },
  },
  page: {
    title: (event: string) => `${event}: your invitation`,
    hostedBy: (host: string) => `Hosted by ${host}`,
    yourAnswer: (guest: string) => `Your answer, ${guest}`,
    answer: 'Answer',
    plusOnes: 'Plus-ones',
    dietary: 'Dietary restrictions',
    specialNeeds: 'Special needs',
    yourNote: 'Your note',
    willYouCome: 'Will you come?',
    changeAnswer: 'Change your answer',
    yourAnswerLegend: 'Your answer',
    choices: { yes: 'Yes, I will attend', no: 'No, I cannot', maybe: 'Maybe' },
    plusOnesUpTo: (limit: number) => `Plus-ones (up to ${limit})`,
    dietaryExample: 'e.g. vegetarian, no nuts',
    noteForHost: 'A note for the host',
    subEvents: 'Each part of the event',
    addToCalendar: 'Add to my calendar',
    contact: 'Your contact details',
    contactHint: 'Your hosts use these to reach you, and are told when you change them.',
    email: 'Email',
    phone: 'Phone',
    send: 'Send my answer',
    changeUntil: (date: string) => `You can change your answer until ${date}.`,
    closed: (since: string | null) => `Answers are closed${since ? ` since ${since}` : ''}. Contact your host to change anything.`,
    saved: 'Thank you, your answer is saved.',
    checkAnswer: (problems: string) => `Please check your answer: ${problems}.`,
    full: 'Sorry, the event is full: there is no seat for this answer.',
    closedRefusal: 'Answers are closed; contact your host to change anything.',
    emailTaken: 'Another guest of this event already uses that email address. Use another one, or ask your host.',
    notFound: { title: 'Invitation not found', text: 'This link does not match an invitation. Check the link in your email, or ask your host for a new one.' },
    tooMany: { title: 'Please wait a moment', text: 'There have been too many requests from your network. Try again in a few minutes.' },
    failed: { title: 'Something went wrong', text: (reference: string) => `Please try again later. Reference: ${reference}` },
    questions: { required: 'required', ifAttending: 'only if you attend', yes: 'Yes', no: 'No', noAnswer: 'No answer' },
  },
  /** The guest's check-in code (docs/check-in.md): on the RSVP page and in the confirmation, once attending. */
  checkIn: { heading: 'Your check-in code', hint: 'Show this code at the door: it checks you in. It is yours alone; please do not share it.', codeLabel: 'Check-in code' },
  /** A party's page (docs/parties.md): one form answers for every member. */
  party: {
    heading: (party: string) => `Your party: ${party}`,
    intro: 'One answer for everyone: choose each person\'s answer below, then send once.',
    answerFor: (name: string) => `Answer for ${name}`,
    current: 'Answers so far',
    choices: { yes: 'Yes, attending', no: 'No, not attending', maybe: 'Maybe' },
    send: 'Send our answers',
    saved: 'Thank you, your party\'s answers are saved.',
    full: 'Sorry, the event is full: there are not enough seats for your party.',
    problemFor: (name: string, problem: string) => `${name}: ${problem}`,
  },
};
